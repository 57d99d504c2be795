//! Solves a HiGHS model that a flag can interrupt.
//!
//! HiGHS (≥ 1.7) calls a user callback between simplex iterations,
//! interior-point iterations and MIP nodes when asked to, and stops with
//! `ReachedInterrupt` when the callback sets `user_interrupt`. The `highs`
//! crate does not wrap that part of the C API; `highs-sys` binds it. This
//! crate is the only place of the workspace with `unsafe` code (the
//! workspace forbids it elsewhere): it registers the callback for the time
//! of one solve and unregisters it before giving the model back, so the
//! flag it points to is borrowed exactly as long as HiGHS may read it.

use highs::{HighsStatus, Model, SolvedModel};
use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};

/// The interrupt callbacks: simplex, interior point, MIP.
const INTERRUPTS: [c_int; 3] = [
    highs_sys::kHighsCallbackSimplexInterrupt,
    highs_sys::kHighsCallbackIpmInterrupt,
    highs_sys::kHighsCallbackMipInterrupt,
];

/// Solves `model` as [`Model::try_solve`] does, except that HiGHS stops
/// (model status `ReachedInterrupt`, with its best solution and bound so
/// far) soon after `stop` is set, from this thread or any other.
pub fn solve(mut model: Model, stop: &AtomicBool) -> Result<SolvedModel, HighsStatus> {
    let highs = model.as_mut_ptr();
    let flag = std::ptr::from_ref(stop).cast_mut().cast::<c_void>();
    // SAFETY: `highs` is the live HiGHS instance `model` owns. HiGHS keeps
    // `flag` and hands it to `interrupt` only while it runs, during
    // `try_solve` below; `stop` outlives this call, and the callbacks are
    // stopped before the model is handed back (or destroyed with it on
    // error), so the pointer is never read after the borrow ends.
    let registered = unsafe {
        highs_sys::Highs_setCallback(highs, Some(interrupt), flag) == highs_sys::STATUS_OK
            && INTERRUPTS
                .into_iter()
                .all(|kind| highs_sys::Highs_startCallback(highs, kind) == highs_sys::STATUS_OK)
    };
    if !registered {
        return Err(HighsStatus::Error);
    }
    let mut solved = model.try_solve()?;
    let highs = solved.as_mut_ptr();
    for kind in INTERRUPTS {
        // SAFETY: `highs` is the live instance `solved` owns; stopping a
        // callback only clears HiGHS's flag for it.
        unsafe { highs_sys::Highs_stopCallback(highs, kind) };
    }
    Ok(solved)
}

/// The callback HiGHS calls: asks it to stop when the flag is set.
unsafe extern "C" fn interrupt(
    _kind: c_int,
    _message: *const c_char,
    _out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    flag: *mut c_void,
) {
    // SAFETY: `flag` is the `&AtomicBool` given to `solve`, alive while
    // HiGHS runs (see there).
    let stop = unsafe { &*flag.cast::<AtomicBool>() };
    if stop.load(Ordering::SeqCst) {
        // SAFETY: HiGHS passes its own input block to interrupt callbacks,
        // valid for this call, or null.
        if let Some(data_in) = unsafe { data_in.as_mut() } {
            data_in.user_interrupt = 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use highs::{HighsModelStatus, RowProblem, Sense};

    /// A knapsack-like MIP HiGHS cannot close at once.
    fn hard() -> Model {
        let mut rows = RowProblem::default();
        let n = 60;
        let cols: Vec<_> = (0..n)
            .map(|i| rows.add_integer_column(1.0 + ((i * 37) % 23) as f64, 0..=1))
            .collect();
        for r in 0..40 {
            let row: Vec<_> = cols
                .iter()
                .enumerate()
                .map(|(i, &c)| (c, 1.0 + ((i * 13 + r * 7) % 17) as f64))
                .collect();
            rows.add_row(..=97.0 + r as f64, row);
        }
        let mut model = rows.optimise(Sense::Maximise);
        model.make_quiet();
        model
    }

    #[test]
    fn a_set_flag_interrupts_and_an_unset_one_does_not() {
        let stopped = solve(hard(), &AtomicBool::new(true)).unwrap();
        assert_eq!(stopped.status(), HighsModelStatus::ReachedInterrupt);
        let finished = solve(hard(), &AtomicBool::new(false)).unwrap();
        assert_eq!(finished.status(), HighsModelStatus::Optimal);
    }
}
