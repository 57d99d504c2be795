import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { restoreLanguage } from './lib/language';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// The first screen speaks the language chosen last time.
void restoreLanguage()
  .catch(() => undefined)
  .then(() => mount(App, { target }));
