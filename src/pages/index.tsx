import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import CodeBlock from '@theme/CodeBlock';
import { START_COMMANDS } from '@site/src/constants';
import styles from './index.module.css';

export default function Home(): React.JSX.Element {
  return (
    <Layout
      title="Distributed web infrastructure, hands on"
      description="A course and lab checker: a load balancer, two web servers, an application server and a MySQL primary-replica pair. Learn why each piece is there, what breaks, and how to fix it."
    >
      <main className="container">
        <header className={styles.hero}>
          <h1 className={styles.title}>Distributed web infrastructure, hands on</h1>
          <p className={styles.lead}>
            Design a three-tier site (HAProxy in front of two Nginx servers, an application server, a MySQL primary and
            replica), write the real configuration files, and get line-by-line feedback from a checker that can also run
            your configs for real. Every finding links to the page that explains it.
          </p>
        </header>

        <section className={styles.grid} aria-label="What you will learn">
          <div>
            <h2>The design</h2>
            <p>
              What each component does, why it is there, and the path a request takes from the browser to the database
              and back.
            </p>
          </div>
          <div>
            <h2>What breaks</h2>
            <p>
              Single points of failure, no firewall, no HTTPS, no monitoring: each issue with a diagram and the fix.
            </p>
          </div>
          <div>
            <h2>Checked, not guessed</h2>
            <p>
              Static checks of HAProxy, Nginx and MySQL files, live probes of the running topology, and quizzes at the
              end of each chapter.
            </p>
          </div>
        </section>

        <section className={styles.start} aria-labelledby="start">
          <h2 id="start">Start in two commands</h2>
          <CodeBlock language="bash">{START_COMMANDS}</CodeBlock>
          <p>
            The example answer fails a few checks on purpose, so you see what feedback looks like. Then put your own
            answer in a folder and check it the same way.
          </p>
          <div className={styles.actions}>
            <Link className="button button--primary button--lg" to="/docs/getting-started">
              Getting started
            </Link>
            <Link className="button button--secondary button--lg" to="/docs/design/overview">
              Read the design
            </Link>
          </div>
        </section>
      </main>
    </Layout>
  );
}
