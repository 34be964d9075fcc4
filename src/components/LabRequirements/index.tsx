import React from 'react';
import Link from '@docusaurus/Link';
import { useLabsData } from '@site/src/data/labsData';
import styles from './styles.module.css';

/** The requirement table of a lab, generated from its spec and the check catalogue. Hidden checks are not listed. */
export default function LabRequirements({ lab: labId }: { lab: string }): React.JSX.Element {
  const data = useLabsData();
  const lab = data.labs.find((l) => l.id === labId);
  if (!lab) {
    throw new Error(
      `LabRequirements: no lab "${labId}" in labs/specs (known: ${data.labs.map((l) => l.id).join(', ') || 'none'})`,
    );
  }
  const rows = lab.checks
    .filter((c) => !c.hidden)
    .map((c) => {
      const meta = data.checks.find((m) => m.id === c.id);
      if (!meta) throw new Error(`LabRequirements: lab "${labId}" uses check "${c.id}", which is not in the catalogue`);
      return { ...c, meta };
    });
  const byKind = (kind: 'static' | 'live') => rows.filter((r) => r.meta.kind === kind);
  const table = (list: typeof rows, caption: string) => {
    const total = list.reduce((s, r) => s + r.points, 0);
    const required = list.filter((r) => r.required).reduce((s, r) => s + r.points, 0);
    return (
      <table className={styles.table}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Component</th>
            <th scope="col">Severity</th>
            <th scope="col">Required</th>
            <th scope="col" className={styles.num}>
              Points
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={r.meta.docsPath}>{r.meta.title}</Link>
                <br />
                <code className={styles.id}>{r.id}</code>
              </td>
              <td>{r.meta.component}</td>
              <td>{r.meta.severity}</td>
              <td>{r.required ? 'yes' : 'no'}</td>
              <td className={styles.num}>{r.points}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              Total ({required} from required checks)
            </th>
            <td className={styles.num}>{total}</td>
          </tr>
        </tfoot>
      </table>
    );
  };
  const stat = byKind('static');
  const live = byKind('live');
  return (
    <div className={styles.wrap} data-lab={lab.id}>
      {stat.length > 0 && table(stat, `Static checks of ${lab.title} (npm run check-lab)`)}
      {live.length > 0 && table(live, `Live probes of ${lab.title} (npm run check-lab -- --live)`)}
    </div>
  );
}
