import { buildApp } from '../src/build-app.js';

buildApp().app.synth();
