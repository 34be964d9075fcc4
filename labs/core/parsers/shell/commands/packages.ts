/** Package managers: `apt-get install -y nginx` records the packages (their stock files are then there). */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `apt`, `apt-get`, `aptitude`, `yum`, `dnf`: `install`/`reinstall` records each package, without its version. */
export function packages(it: Interp, c: Call): CommandResult {
  const { name, argv } = c;
  // `apt-get install -y nginx`: the package's stock files are there afterwards (model/build.ts
  // uses the list when the script installs a service but leaves its configuration as shipped)
  const at = argv.findIndex((a, i) => i > 0 && (a === 'install' || a === 'reinstall'));
  if (at !== -1) {
    for (let k = at + 1; k < argv.length; k++) {
      const a = argv[k];
      if (a.startsWith('-') || !c.known(k)) continue;
      const pkg = a.replace(/[=/].*$/, '');
      if (/^[a-z0-9][a-z0-9+.-]+$/.test(pkg)) it.packages.push({ name: pkg, span: c.span });
    }
  }
  return { out: [], name };
}
