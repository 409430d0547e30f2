// The web app's entry: mounts the SMTP Lab app into the page.
import { mount } from 'svelte';
import App from './ui/App.svelte';

const target = document.getElementById('app');
if (target) mount(App, { target });
