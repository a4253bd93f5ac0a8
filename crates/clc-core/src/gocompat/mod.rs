//! Re-implementations of the Go library behaviour that ct v0.9.4's output and
//! messages depend on (ct was built with Go 1.19).
//!
//! Every function here is pure and total: malformed input yields an error
//! value (with the exact text the Go code would print), never a panic.
//!
//! | module | Go behaviour |
//! |---|---|
//! | [`url`] | `net/url`: `Parse`, `(*URL).String`, `Query()` |
//! | [`quote`] | `strconv.Quote` (what `%q` prints for a string) |
//! | [`fmt`] | `fmt.Sprintf(s)` with no operands |
//! | [`units`] | `github.com/alecthomas/units.ParseBase2Bytes` |
//! | [`semver`] | `github.com/coreos/go-semver/semver` |
//! | [`systemd_unit`] | `github.com/coreos/go-systemd/unit.Deserialize` |
//! | [`dataurl`] | `github.com/vincent-petithory/dataurl.Escape` |

pub mod dataurl;
pub mod fmt;
mod print_table;
pub mod quote;
pub mod semver;
pub mod systemd_unit;
pub mod units;
pub mod url;
