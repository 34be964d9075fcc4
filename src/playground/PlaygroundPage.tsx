/**
 * /playground: the page shell is server-rendered; the editor and the checker load only here, in the browser
 * (BrowserOnly + a lazy import), so no other page gets heavier.
 */
import React, { Suspense, lazy } from 'react';
import Layout from '@theme/Layout';
import BrowserOnly from '@docusaurus/BrowserOnly';
import type { PlaygroundData } from '../../plugins/labs-data';

const Playground = lazy(() => import('./Playground'));

export default function PlaygroundPage({ data }: { data: PlaygroundData }): React.JSX.Element {
  return (
    <Layout title="Playground" description="Check a lab answer in your browser: the same checks as check-lab, offline, nothing sent anywhere.">
      <main>
        <h1 style={{ margin: '1rem 1rem 0', fontSize: '1.6rem' }}>Check your answer in the browser</h1>
        <p style={{ margin: '0.3rem 1rem 0' }}>
          The same checks as <code>npm run check-lab</code>, run on this page: nothing you type leaves your machine. Edit a file, open your answer
          folder or drop it here; <code>haproxy -c</code>, <code>nginx -t</code> and live mode need the command line.
        </p>
        {/* the space the playground takes is kept while it loads (no layout shift) */}
        <BrowserOnly fallback={<p style={{ margin: '1rem', minHeight: '75vh' }}>Loading the editor…</p>}>
          {() => (
            <Suspense fallback={<p style={{ margin: '1rem', minHeight: '75vh' }}>Loading the editor…</p>}>
              <Playground data={data} />
            </Suspense>
          )}
        </BrowserOnly>
      </main>
    </Layout>
  );
}
