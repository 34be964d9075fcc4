import React from 'react';
import Link from '@docusaurus/Link';
import { useLabsData } from '@site/src/data/labsData';

/** Every check in the catalogue, grouped by component (hidden checks included: this is the reference). */
export default function CheckList(): React.JSX.Element {
  const { checks } = useLabsData();
  const groups = new Map<string, typeof checks>();
  for (const c of checks) {
    const g = c.id.split('/')[0]!;
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  return (
    <>
      {[...groups.entries()].map(([group, list]) => (
        <section key={group}>
          <h2 id={`group-${group}`}>{group}</h2>
          <ul>
            {list.map((c) => (
              <li key={c.id}>
                <Link to={c.docsPath}>
                  <code>{c.id}</code>
                </Link>
                : {c.title} ({c.severity}, {c.points} point{c.points === 1 ? '' : 's'}
                {c.hidden ? ', instructor-only' : ''})
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
