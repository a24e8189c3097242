import type { ReactNode } from "react";

/** A dashboard panel whose data a later issue delivers: says so instead of showing made-up numbers. */
export function ComingSoonCard({ title, arrivesWith, children }: { title: string; arrivesWith: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`card-${slug(title)}`}>
      <h2 id={`card-${slug(title)}`}>{title}</h2>
      <p>{children}</p>
      <p className="placeholder-note">Arrives with the {arrivesWith} issue.</p>
    </section>
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
