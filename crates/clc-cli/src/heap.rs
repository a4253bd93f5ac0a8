//! Heap set-up for a short batch run on Linux with glibc.
//!
//! `clc` touches a few megabytes of fresh heap once and exits. Each first
//! touch of a 4 KiB page is a page fault, and on virtual machines a fault
//! costs microseconds: for `bench/gen.py`'s files-5000 the kernel's share
//! was about a third of the run. So, once the input's size is known and
//! before any real work, the heap is grown once by a large pad, that
//! stretch is marked for transparent huge pages (a fault then brings in
//! 2 MiB), and glibc is asked to serve big blocks from it too and not to
//! give memory back before exit.
//!
//! Small inputs skip all this: the few hundred small pages their heap
//! needs fault in faster than the first 2 MiB page is zeroed (measured on
//! `bench/gen.py`'s inputs: mixed-node and files-100, at about 40 KB, ran
//! 0.1–0.25 ms slower with it; files-1000, at 400 KB, 2.5 ms faster).
//!
//! Every call here is advice: where the kernel or the C library does not
//! follow it (THP disabled, another libc), `clc` runs exactly as before.
//! Peak memory stays what the run uses, rounded up to huge pages.

#![allow(unsafe_code)]

use std::ffi::{c_int, c_void};

extern "C" {
    fn mallopt(param: c_int, value: c_int) -> c_int;
    fn sbrk(increment: isize) -> *mut c_void;
    fn madvise(addr: *mut c_void, length: usize, advice: c_int) -> c_int;
}

// glibc's <malloc.h> and Linux's <sys/mman.h>.
const M_TRIM_THRESHOLD: c_int = -1;
const M_TOP_PAD: c_int = -2;
const M_MMAP_THRESHOLD: c_int = -3;
const MADV_HUGEPAGE: c_int = 14;

const HUGE_PAGE: usize = 2 << 20;
/// How far the heap grows at once: room for the largest inputs' peak
/// (the 16 MiB input limit aside, for which the heap simply grows again).
const PAD: usize = 64 << 20;
/// The block whose allocation makes glibc grow the heap.
const PROBE: usize = 1 << 20;
/// glibc's largest mmap threshold on 64-bit systems.
const MMAP_THRESHOLD: c_int = 32 << 20;

/// Inputs from this size on get the heap set-up.
const BIG_INPUT: usize = 128 << 10;

/// Sets the heap up for a run over `input_len` bytes of configuration.
pub fn prepare_for_input(input_len: usize) {
    if input_len < BIG_INPUT {
        return;
    }
    // SAFETY: mallopt only changes glibc's allocation parameters, which may
    // be changed at any time; sbrk(0) only reads the current break.
    let before = unsafe {
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        mallopt(M_TRIM_THRESHOLD, c_int::MAX);
        mallopt(M_TOP_PAD, PAD as c_int);
        sbrk(0) as usize
    };
    // An allocation the current heap top cannot serve makes glibc extend
    // the heap by it plus the pad; freed, it returns to the top.
    // (black_box: an allocation nobody uses may otherwise be left out.)
    drop(std::hint::black_box(Vec::<u8>::with_capacity(PROBE)));
    // SAFETY: as above, sbrk(0) only reads the break.
    let after = unsafe { sbrk(0) as usize };
    // glibc wrote the heap top's header just past that block, before the
    // advice: the 2 MiB page holding it already has small pages and would
    // never become a huge one. Huge pages start above it.
    let start = (before + PROBE + 4096).next_multiple_of(HUGE_PAGE);
    let end = after - after % HUGE_PAGE;
    if before == usize::MAX || after <= before || end <= start {
        return;
    }
    // SAFETY: [start, end) lies inside the heap glibc just grew; the advice
    // changes how the kernel backs those pages, not their contents.
    let advised = unsafe { madvise(start as *mut c_void, end - start, MADV_HUGEPAGE) } == 0;
    // Huge pages begin at `start`; the heap below it would still fault page
    // by page. A block spanning that stretch, never used and never freed,
    // makes the allocations that follow start just below `start` (its
    // untouched pages cost no memory).
    let gap = (start - before).saturating_sub(64 << 10);
    if advised && gap > 0 {
        std::mem::forget(std::hint::black_box(Vec::<u8>::with_capacity(gap)));
    }
}
