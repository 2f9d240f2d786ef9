import { telegraph } from "./server/src/notes/note.phrasing.ts";
console.log(telegraph("so on physical examination , you do have some cva tenderness on the right-hand side , meaning that you're tender when i press ."));
console.log(telegraph("on physical exam , you do have some cva tenderness on the right-hand side"));
