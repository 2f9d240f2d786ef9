import { telegraph, spokenSentences } from "./server/src/notes/note.phrasing.ts";
const s = "so , on my exam , you have some significant tenderness to the lateral aspect of your um right upper leg .";
console.log(spokenSentences(s), telegraph(s));
const NOT_EXAM = /\b(?:impression|assessment|diagnosis|related to|helps? with|you (?:said|told|mentioned|feel|felt|noticed|had|were)|(?:i|we) (?:do )?want to|increase|decrease|because|history|last (?:time|year|visit|week)|at home|tell me|let's talk|i want you|we(?:'ll| will)|going to|gon na|if you|when you|should|order|prescribe|medication|x-?ray|mri|ct scan|cat scan|ultrasound|echocardiogram|labs?|results?|shows?|showed)\b/i;
console.log(NOT_EXAM.exec(s));
