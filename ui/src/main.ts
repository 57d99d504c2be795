import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { restoreLanguage } from './lib/language';
import { editor } from './lib/state.svelte';
import { startOfPage } from './lib/start';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// What the first screen shows came with the page: the events list is
// drawn before the window shows. Without it, the backend is asked.
const start = startOfPage();
// Where the first screen came from, for the end-to-end tests and measures.
performance.mark(start ? 'start:page' : 'start:backend');
void editor.init(start);
// The first screen speaks the language chosen last time.
void restoreLanguage(start ? start.language : undefined)
  .catch(() => undefined)
  .then(() => mount(App, { target }));
