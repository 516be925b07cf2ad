// libFuzzer's driver, for executables that keep their own main (SwiftPM names the entry point of every
// executable and points main at it, so libFuzzer's main cannot be used). Linked only with -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
