/**
 * The commands a newcomer runs first. Kept in ONE place: the home page and the
 * "Getting started" page both read them from here, so the README and the site cannot drift
 * apart silently (change them here when the README's first command changes).
 */
export const REPO_URL = 'https://github.com/web-infra-lab/web-infra-lab';

export const CLONE_COMMAND = `git clone ${REPO_URL}.git && cd web-infra-lab`;

export const INSTALL_COMMAND = 'npm ci';

/** Checks the bundled example answer: it fails a few checks on purpose so you see what feedback looks like. */
export const FIRST_CHECK_COMMAND = 'npm run check-lab -- labs/specs/distributed-web/examples/starter';

/** Checks your own answer folder. */
export const OWN_CHECK_COMMAND = 'npm run check-lab -- my-answer';

export const START_COMMANDS = `${CLONE_COMMAND}\n${INSTALL_COMMAND} && ${FIRST_CHECK_COMMAND}`;
