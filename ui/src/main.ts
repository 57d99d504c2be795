import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { restoreLanguage } from './lib/language';
import { editor } from './lib/state.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// The events list is asked for at once, beside the language, not once the
// first screen has mounted: at start-up, while the window comes up, each
// round trip to the backend takes 10–20 ms.
void editor.init();
// The first screen speaks the language chosen last time.
void restoreLanguage()
  .catch(() => undefined)
  .then(() => mount(App, { target }));
