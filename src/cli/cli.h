/*
 * cli.h — the subcommands of `renda`. Each takes the arguments after its
 * name (argv[0] is the subcommand) and returns the process exit status:
 * 0 success, 1 failure at run time, 2 bad usage or malformed input.
 */
#ifndef RD_CLI_H
#define RD_CLI_H

int cli_serve(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_tally(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_remind(int argc, char **argv);

/* Help texts, printed by `renda help COMMAND` and `renda COMMAND --help`. */
extern const char cli_serve_help[];
extern const char cli_init_help[];
extern const char cli_demo_help[];
extern const char cli_verify_help[];
extern const char cli_tally_help[];
extern const char cli_backup_help[];
extern const char cli_remind_help[];

#endif
