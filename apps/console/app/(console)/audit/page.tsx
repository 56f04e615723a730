import { AuditView } from "@/components/audit-view";

export default function AuditPage() {
  return <AuditView />;
}
