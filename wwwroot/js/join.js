// The join page (/join/{branch}) is a plain form the server writes; this only lets the visitor pick
// their language (i18n.js), remembered for the form's answer and their status page.
import { picker } from './i18n.js';

picker(document.getElementById('language'));
