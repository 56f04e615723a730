"use client";
import { DecayForm } from "./decay-form";
import { useNamespace } from "./namespace-context";
import { OperatorsSection } from "./operators-section";
import { PageHeader } from "./page-header";
import { useSession } from "./session-context";

export function SettingsView() {
  const { namespaceId } = useNamespace();
  const { canAdmin, operatorId } = useSession();
  return (
    <>
      <PageHeader title="Settings" />
      {namespaceId && <DecayForm key={namespaceId} namespaceId={namespaceId} canEdit={canAdmin} />}
      <OperatorsSection canEdit={canAdmin} selfId={operatorId} />
    </>
  );
}
