//! Who comes and what they attend: the attendees of an event
//! ([`attendees`]), the sign-up engine with its choice blocks, workshops,
//! capacities, waitlists and attendance ([`engine`]), the allocation of
//! workshops by ranked preference ([`allocation`]), attendee lists read
//! from CSV files ([`csv`]), one attendee's day: their own programme and
//! what stands in the way of their sign-ups ([`personal`]), and the changes
//! from outside the engine that move seats ([`seats`]: rooms, items,
//! deleting an attendee; [`running`]: the running order's moves), and the
//! warnings that need seats ([`warnings`]: an attendee holding two
//! overlapping items after a move).
//!
//! Inside, arrows point one way too: `attendees` is below `personal`, which
//! is below `engine`, which is below `allocation`, `csv` and `seats`.

pub mod allocation;
pub mod attendees;
pub mod csv;
pub mod engine;
pub mod personal;
pub mod running;
pub mod seats;
pub mod warnings;
