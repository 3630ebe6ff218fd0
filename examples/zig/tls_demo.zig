//! tls_demo.zig — a small threaded Zig program for wasm-threadify's Zig fixtures (see README.md in this folder).
//!
//! Built for wasm32-freestanding with +atomics,+bulk_memory, -fno-single-threaded and a shared imported memory,
//! once linked by LLD and once by Zig's own wasm linker (-fno-lld). It has TLS with a `.tdata` pattern and a
//! counter, and exports the wasmgrind allocator ABI (`__wasmgrind_malloc(size, align)`,
//! `__wasmgrind_free(ptr, size, align)`) so that the shipped `wasmgrind` rule set finds everything it needs.

/// .tdata: distinct non-zero initial values, checked by tls_initial_ok().
threadlocal var tls_pattern: [8]u32 = .{
    0x7D510001, 0x7D510002, 0x7D510003, 0x7D510004, 0x7D510005, 0x7D510006, 0x7D510007, 0x7D510008,
};
/// .tbss: a zero-initialised per-thread counter.
threadlocal var tls_count: u32 = 0;

/// Address of the first TLS variable: this thread's TLS block.
export fn tls_address() u32 {
    return @intFromPtr(&tls_pattern[0]);
}

/// 1 if the .tdata pattern is intact in this thread's TLS block.
export fn tls_initial_ok() u32 {
    for (tls_pattern, 0..) |v, i| {
        if (v != 0x7D510001 + @as(u32, @intCast(i))) return 0;
    }
    return 1;
}

/// Plain (non-atomic) read-modify-write of the TLS counter; returns the new value.
export fn tls_increment(n: u32) u32 {
    tls_count += n;
    return tls_count;
}

export fn tls_counter() u32 {
    return tls_count;
}

// ---------------------------------------------------------------- a spinlock bump allocator
// Never reuses memory (enough for a fixture); counts live bytes so a host can check that frees match.
var lock: u32 = 0;
var bump: usize = 0;
var live_bytes: u32 = 0;
var errors: u32 = 0;

fn acquire() void {
    while (@cmpxchgWeak(u32, &lock, 0, 1, .acquire, .monotonic) != null) {}
}
fn release() void {
    @atomicStore(u32, &lock, 0, .release);
}

export fn __wasmgrind_malloc(size: usize, alignment: usize) usize {
    if (alignment == 0 or alignment & (alignment - 1) != 0) return 0;
    acquire();
    defer release();
    if (bump == 0) bump = @wasmMemorySize(0) * 65536;
    const start = (bump + alignment - 1) & ~(alignment - 1);
    const end = start + size;
    const have = @wasmMemorySize(0) * 65536;
    if (end > have) {
        const pages = (end - have + 65535) / 65536;
        if (@wasmMemoryGrow(0, pages) < 0) {
            errors += 1;
            return 0;
        }
    }
    bump = end;
    live_bytes += @intCast(size);
    return start;
}

export fn __wasmgrind_free(ptr: usize, size: usize, alignment: usize) void {
    _ = alignment;
    if (ptr == 0) return;
    acquire();
    defer release();
    live_bytes -%= @intCast(size);
}

export fn alloc_live_bytes() u32 {
    return @atomicLoad(u32, &live_bytes, .seq_cst);
}

export fn alloc_errors() u32 {
    return @atomicLoad(u32, &errors, .seq_cst);
}
