//! The programme of an event: the event itself and its practical information,
//! the venue and its rooms, the items of the day and their speakers, read and
//! changed in one transaction each ([`store`]), the rules input must follow
//! ([`validate`], hard errors) and the warnings the editor shows ([`rules`],
//! never blocking).

pub mod rules;
pub mod running;
pub mod speakers;
pub mod store;
pub mod validate;
