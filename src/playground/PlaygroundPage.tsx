/**
 * /playground: the whole page is server-rendered with the lab's starter answer (its files, the first one's text
 * in a static view of the editor), so it paints before any JavaScript runs. In the browser the checker starts in
 * its Web Worker, and CodeMirror (a chunk of its own) replaces the static view when the reader reaches for the
 * editor (src/playground/Playground.tsx). None of this code or data loads on any other page.
 */
import React from 'react';
import Layout from '@theme/Layout';
import type { PlaygroundData } from '../../plugins/labs-data';
import Playground from './Playground';

export default function PlaygroundPage({ data }: { data: PlaygroundData }): React.JSX.Element {
  return (
    <Layout
      title="Playground"
      description="Check a lab answer in your browser: the same checks as check-lab, offline, nothing sent anywhere."
    >
      <main>
        <h1 style={{ margin: '1rem 1rem 0', fontSize: '1.6rem' }}>Check your answer in the browser</h1>
        <p style={{ margin: '0.3rem 1rem 0' }}>
          The same checks as <code>npm run check-lab</code>, run on this page: nothing you type leaves your machine.
          Edit a file, open your answer folder or drop it here; <code>haproxy -c</code>, <code>nginx -t</code> and live
          mode need the command line.
        </p>
        <Playground data={data} />
      </main>
    </Layout>
  );
}
