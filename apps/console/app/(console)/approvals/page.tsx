import { ApprovalsView } from "@/components/approvals-view";

export default function ApprovalsPage() {
  return <ApprovalsView />;
}
