import { AgentsView } from "@/components/agents-view";

export default function AgentsPage() {
  return <AgentsView />;
}
