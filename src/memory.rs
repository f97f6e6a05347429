//! The process's heap: glibc defaults that kept freed memory resident, and handing memory back
//! after the few requests that allocate a lot (BENCHMARKS.md has the figures).

/// Sets, before any other thread starts:
/// - a fixed mmap threshold: glibc raises it to the size of the largest block freed so far, so
///   after the first sign-in each 19 MiB Argon2 block came from a thread's heap arena and stayed
///   there; a burst of sign-ins left the server at 320 MiB. Above 1 MiB, blocks get their own
///   mappings, returned to the system when freed;
/// - two arenas: glibc gives threads up to 8 per core, and each keeps what it freed; five findings
///   reports in a row, each on another blocking thread, left 140 MiB where one needs 60.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    const ONE_MIB: libc::c_int = 1 << 20;
    // SAFETY: mallopt only sets allocator parameters; called first thing in main.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, ONE_MIB);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Hands the heap's free pages back to the system. For after work that allocated tens of MiB in
/// small blocks (the findings report): glibc only returns what is free at the top of a heap.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_free_memory() {
    // SAFETY: malloc_trim only releases free pages; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_memory() {}
