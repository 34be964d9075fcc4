import React from 'react';
import { useLabsData } from '@site/src/data/labsData';

/** The hosts of a lab and their default addresses, generated from the lab's spec. */
export default function LabHosts({ lab: labId }: { lab: string }): React.JSX.Element {
  const lab = useLabsData().labs.find((l) => l.id === labId);
  if (!lab) throw new Error(`LabHosts: no lab "${labId}" in labs/specs`);
  return (
    <table>
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>Hosts of {lab.title} (default inventory)</caption>
      <thead>
        <tr>
          <th scope="col">Host (answer folder)</th>
          <th scope="col">Role</th>
          <th scope="col">Default address</th>
        </tr>
      </thead>
      <tbody>
        {lab.hosts.map((h) => (
          <tr key={h.name}>
            <td>
              <code>{h.name}/</code>
            </td>
            <td>{h.role}</td>
            <td>
              <code>{h.address}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
