// Generated from the kind and role tables of `src/words/labels.rs`: the
// core's names with a capital. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p deroule words` instead.

export const labelsFr = {
  'kind.welcome': 'Accueil',
  'kind.plenary': 'Plénière',
  'kind.keynote': 'Conférence',
  'kind.round_table': 'Table ronde',
  'kind.pitches': 'Pitchs',
  'kind.workshop': 'Atelier',
  'kind.break': 'Pause',
  'kind.meal': 'Repas',
  'kind.visit': 'Visite',
  'kind.networking': 'Réseautage',
  'kind.closing': 'Conclusion',
  'kind.social': 'Pot',
  'kind.other': 'Autre',
  'role.moderator': 'Modération',
  'role.speaker': 'Intervention',
  'role.panelist': 'Table ronde',
  'role.keynote': 'Grand témoin',
  'role.host': 'Animation d’atelier',
  'role.respondent': 'Réponse',
};

export const labelsEn: Record<keyof typeof labelsFr, string> = {
  'kind.welcome': 'Welcome',
  'kind.plenary': 'Plenary',
  'kind.keynote': 'Keynote',
  'kind.round_table': 'Round table',
  'kind.pitches': 'Pitches',
  'kind.workshop': 'Workshop',
  'kind.break': 'Break',
  'kind.meal': 'Meal',
  'kind.visit': 'Visit',
  'kind.networking': 'Networking',
  'kind.closing': 'Closing',
  'kind.social': 'Social',
  'kind.other': 'Other',
  'role.moderator': 'Moderator',
  'role.speaker': 'Speaker',
  'role.panelist': 'Panelist',
  'role.keynote': 'Keynote',
  'role.host': 'Workshop host',
  'role.respondent': 'Respondent',
};
