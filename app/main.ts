import { mount } from 'svelte';
import 'uplot/dist/uPlot.min.css';
import './theme.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount Tapedeck into');

/** The mounted app (kept for hot reload and debugging). */
export default mount(App, { target });
