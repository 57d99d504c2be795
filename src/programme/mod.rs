//! The programme of an event: the event itself and its practical information,
//! the venue and its rooms, the items of the day and their speakers, read and
//! changed in one transaction each ([`store`]), the rules input must follow
//! ([`validate`], hard errors) and the warnings the editor shows ([`rules`],
//! never blocking); what a change did to it, for the editor ([`update`]).

pub mod rules;
pub mod running;
pub mod speakers;
pub mod store;
pub mod update;
pub mod validate;
