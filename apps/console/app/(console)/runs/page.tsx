import { RunsView } from "@/components/runs-view";

export default function RunsPage() {
  return <RunsView />;
}
