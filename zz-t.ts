import { resultClauses, spokenSections } from "./server/src/notes/note.spoken.ts";
console.log(resultClauses("okay, good, and your chest x-ray looks fine, so we know that there's no pneumonia there."));
console.log(JSON.stringify(spokenSections([{id:"a",speaker:"clinician",text:"um , and then , hey , dragon ? show me the chest x-ray . okay , good , and your chest x-ray looks fine , so we know that there's no pneumonia there ."}])));
