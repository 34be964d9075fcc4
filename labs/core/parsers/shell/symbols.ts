/**
 * Symbolic values: text a script writes that is only known on the machine it runs on, but whose
 * meaning is known. The reconstruction writes the symbol where bash would write the value.
 */

/**
 * "This host's name": what `$(hostname)`, `` `hostname` ``, `$(hostname -s)`, `$(uname -n)` and
 * bash's own `$HOSTNAME` expand to. A bare word in Nginx, HAProxy and my.cnf syntax; a file holding
 * it stays exact (the value is not unknown, only not yet chosen). Checks that compare a value with
 * the host's name accept it; live mode substitutes the real name.
 */
export const HOST_NAME_SYMBOL = '@HOSTNAME@';
