// An open event's screen: every component App shows once an event is open,
// with the practice that warms it up. It is loaded apart from the events
// list (App.svelte loads it as soon as the list is on screen): JavaScriptCore
// parses a whole script before it runs a line of it, and the one script of
// the whole interface (420 KB) took 45–50 ms to parse at every start, before
// the list could show.

export { default as Changes } from '../components/Changes.svelte';
export { default as Desk } from '../components/Desk.svelte';
export { default as EventDetails } from '../components/EventDetails.svelte';
export { default as ExportMenu } from '../components/ExportMenu.svelte';
export { default as Participants } from '../components/Participants.svelte';
export { default as PrintMenu } from '../components/PrintMenu.svelte';
export { default as Programme } from '../components/Programme.svelte';
export { default as PublishDialog } from '../components/PublishDialog.svelte';
export { default as SpeakersDirectory } from '../components/SpeakersDirectory.svelte';
export { default as VenueEditor } from '../components/VenueEditor.svelte';
export { practisePrinting } from './printPractice';
export { warmUp } from './warmup';
