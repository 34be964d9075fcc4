/**
 * The command table: what each command a provisioning script runs does to the reconstruction.
 * A name not listed here runs the script's function of that name, if any; else its output is only
 * known at run time and it writes nothing. Adding a command (`ufw`, `systemctl`...) is one module
 * here exporting a handler `(it, c) => ({ out, name })` and one line below.
 */
import type { CommandHandler } from '../interp/walk';
import { exit, noop, set } from './builtins';
import { cat } from './cat';
import { cd, pushd } from './cd';
import { copy } from './cp-mv';
import { dd } from './dd';
import { download } from './download';
import { echo, printf } from './echo-printf';
import { env } from './env';
import { evalSource } from './eval';
import { grep } from './grep';
import { hostname, hostnamectl, uname } from './hostname';
import { ln } from './ln';
import { mkdir, touch, truncate } from './mkdir-touch';
import { mysql } from './mysql';
import { packages } from './packages';
import { rm } from './rm';
import { sed } from './sed';
import { shell } from './shells';
import { sudo } from './sudo';
import { tee } from './tee';
import { iptables, ufw } from './ufw';
import { declare, read, unset } from './variables';
import { niceLike, runs } from './wrappers';

export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  // wrappers: run the command that follows
  ['sudo', sudo],
  // the MySQL/MariaDB client: the SQL it runs
  ['mysql', mysql],
  ['mariadb', mysql],
  ['doas', sudo],
  ['env', env],
  ['command', runs],
  ['builtin', runs],
  ['exec', runs],
  ['nohup', runs],
  ['time', runs],
  ['stdbuf', runs],
  ['nice', niceLike],
  ['ionice', niceLike],
  ['timeout', niceLike],
  // child shells
  ['bash', shell],
  ['sh', shell],
  ['dash', shell],
  ['zsh', shell],
  ['ksh', shell],
  ['su', shell],
  // packages
  ['apt', packages],
  ['apt-get', packages],
  ['aptitude', packages],
  ['yum', packages],
  ['dnf', packages],
  // the firewall
  ['ufw', ufw],
  ['iptables', iptables],
  // the host's name
  ['hostname', hostname],
  ['hostnamectl', hostnamectl],
  ['uname', uname],
  // builtins
  ['eval', evalSource],
  ['source', evalSource],
  ['.', evalSource],
  ['exit', exit],
  ['return', noop],
  ['set', set],
  [':', noop],
  ['true', noop],
  ['false', noop],
  ['shopt', noop],
  ['shift', noop],
  ['trap', noop],
  ['wait', noop],
  ['umask', noop],
  ['hash', noop],
  ['alias', noop],
  ['sleep', noop],
  ['test', noop],
  ['[', noop],
  ['export', declare],
  ['declare', declare],
  ['typeset', declare],
  ['local', declare],
  ['readonly', declare],
  ['unset', unset],
  ['read', read],
  ['cd', cd],
  ['pushd', pushd],
  ['popd', pushd],
  // text and files
  ['echo', echo],
  ['printf', printf],
  ['cat', cat],
  ['tee', tee],
  ['sed', sed],
  ['grep', grep],
  ['egrep', grep],
  ['fgrep', grep],
  ['dd', dd],
  ['cp', copy],
  ['mv', copy],
  ['install', copy],
  ['ln', ln],
  ['rm', rm],
  ['unlink', rm],
  ['mkdir', mkdir],
  ['touch', touch],
  ['truncate', truncate],
  ['curl', download],
  ['wget', download],
]);
