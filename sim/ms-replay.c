/* migsim: live replay of scenarios against a real LXD cluster (see
 * docs/live-replay.md).  Being written: until then the command says so. */
#include "ms-cli.h"

#include <stdio.h>

int
ms_cmd_replay(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    ms_cli_error("replay: not available in this build yet");
    return MS_EXIT_USAGE;
}
