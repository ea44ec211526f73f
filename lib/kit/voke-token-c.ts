// voke_token.c of a C kit: prints the first token voke_connect would send, made by voke_connect.c's
// own code (load_config, sign_token, given_token_expiry), which it includes whole with its main
// renamed. So the kit's token check (preflight.py) judges the program's token, not a look-alike.
// make's built-in rule builds it with the Makefile's flags and libraries: `make voke_token`.

export const VOKE_TOKEN_C = `// voke_token: prints the plant id and the first token voke_connect would send, one per line, and
// connects to nothing. It is voke_connect.c itself (included whole, its main renamed), so the
// settings, the key and the signing are the program's own. run.sh step 3 checks the token with
// the broker's rules (preflight.py, check_token.py). Build: make voke_token. Exit 0, or 2 with
// "error: ..." when the program could not make its first token either.
#define main voke_connect_main
#include "voke_connect.c"
#undef main

int main(int argc, char **argv) {
  struct config config;
  int code = load_config(argc, argv, &config);
  if (code < 0) return fputs(USAGE, stdout), 0;
  if (code) return printf("error: %s\\n", error_text), code;
  char *token;
  if (config.token) {  // Option A with a given token: checked as the program checks it, then as it is
    bool has_exp;
    double expires_at;
    if ((code = given_token_expiry(config.token, &has_exp, &expires_at))) return printf("error: %s\\n", error_text), code;
    token = strdup(config.token);
  } else {
    double expires_at;
    token = sign_token(config.plant_id, config.private_key, config.token_lifetime, &expires_at);
  }
  if (!token) return printf("error: %s\\n", error_text), EXIT_CONFIG;
  printf("%s\\n%s\\n", config.plant_id, token);
  free(token);
  return 0;
}
`
