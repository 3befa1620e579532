#define _GNU_SOURCE
#include "rename_exchange.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

int deft_rename_exchange(const char *a, const char *b) {
#if defined(__linux__)
  return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#elif defined(__APPLE__)
  return renamex_np(a, b, RENAME_SWAP);
#else
  errno = ENOSYS;
  return -1;
#endif
}
