import type { GlossaryEntry } from "@bedside/shared";
import { useId, useState, type ReactNode } from "react";

/** A medical word with its plain meaning: shown on hover, on keyboard focus and on tap. */
function Term({ word, definition }: { word: string; definition: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <span className="term" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        className="term__word"
        aria-expanded={open}
        aria-describedby={id}
        onClick={() => setOpen((o) => !o)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setOpen(false);
        }}
      >
        <abbr title={definition}>{word}</abbr>
      </button>
      <span id={id} role="tooltip" className={`term__tip${open ? " term__tip--open" : ""}`}>
        {definition}
      </span>
    </span>
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Text with each glossary term it contains turned into a Term (first time per text only, to stay calm). */
export function GlossaryText({ text, glossary }: { text: string; glossary: GlossaryEntry[] }) {
  const terms = glossary
    .filter((g) => g.term.trim().length > 0)
    .sort((a, b) => b.term.length - a.term.length);
  if (terms.length === 0) return <>{text}</>;
  const pattern = new RegExp(`\\b(${terms.map((t) => escape(t.term)).join("|")})\\b`, "gi");
  const seen = new Set<string>();
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const word = m[0];
    const entry = terms.find((t) => t.term.toLowerCase() === word.toLowerCase());
    if (!entry || seen.has(entry.term) || m.index === undefined) continue;
    seen.add(entry.term);
    parts.push(text.slice(last, m.index));
    parts.push(<Term key={m.index} word={word} definition={entry.definition.text} />);
    last = m.index + word.length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
