//! Who comes and what they attend: the attendees of an event
//! ([`attendees`]), the sign-up engine with its choice blocks, workshops,
//! capacities, waitlists and attendance ([`engine`]), the allocation of
//! workshops by ranked preference ([`allocation`]), and attendee lists read
//! from CSV files ([`csv`]).

pub mod allocation;
pub mod attendees;
pub mod csv;
pub mod engine;
