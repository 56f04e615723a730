"use client";
import { useEffect, useRef, useState } from "react";

/** Shows a new API key once; it cannot be read again after this dialog closes. */
export function KeyDialog({
  agentName,
  apiKey,
  onClose,
}: {
  agentName: string;
  apiKey: string;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied(true);
    } catch {
      // Clipboard blocked (plain http, permissions): the key stays selectable in the field.
      setCopied(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="key-dialog-title" onClose={onClose}>
      <h2 id="key-dialog-title">New API key for {agentName}</h2>
      <p>Copy it now: it is shown only once and only its hash is stored.</p>
      <label className="field">
        <span>API key</span>
        <input readOnly value={apiKey} className="mono" onFocus={(e) => e.target.select()} />
      </label>
      <div className="actions">
        <button type="button" className="btn primary" onClick={copy}>
          {copied ? "Copied" : "Copy key"}
        </button>
        <button type="button" className="btn ghost" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
