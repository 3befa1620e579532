#ifndef DEFT_RENAME_EXCHANGE_H
#define DEFT_RENAME_EXCHANGE_H

/// Atomically exchanges the paths `a` and `b` (both must exist): Linux renameat2 with
/// RENAME_EXCHANGE, macOS renamex_np with RENAME_SWAP. Returns 0, or -1 with errno set
/// (ENOSYS/EINVAL where the file system or platform cannot exchange).
int deft_rename_exchange(const char *a, const char *b);

#endif
