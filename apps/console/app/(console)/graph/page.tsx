import { GraphView } from "@/components/graph-view";

export default function GraphPage() {
  return <GraphView />;
}
