import { useEffect, useState } from "react";

/**
 * A read-only link with a copy button: the field is labelled for what it is ("Patient link"), the
 * button for what it copies ("Copy the patient's link"); "Copied" shows for a moment, then the
 * button can copy again.
 */
export function CopyField({ label, copyLabel, value }: { label: string; copyLabel: string; value: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <div className="link-row">
      <label className="field grow">
        <span>{label}</span>
        <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button
        type="button"
        className="button button--small"
        aria-label={copyLabel}
        onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
      >
        <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
      </button>
    </div>
  );
}
