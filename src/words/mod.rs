//! Words for people: dates and times the French way ([`fr`]) and the names
//! of kinds and roles in the event's language ([`labels`]).

pub mod fr;
pub mod labels;
