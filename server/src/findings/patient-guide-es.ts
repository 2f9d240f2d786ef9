// Las entradas en español del resumen para el paciente, escritas para Bedside (no traducidas
// palabra por palabra): para cada término que el motor puede nombrar, el nombre sencillo que usa
// un paciente, qué es, y por qué importa o qué hacer. Trato de usted, frases cortas y palabras
// de todos los días, para que cada texto lea "fácil" o mejor en la escala de Fernández-Huerta
// (patient-guide-es.test.ts lo comprueba, una entrada para cada término del léxico).

/** [nombre sencillo, qué es, qué hacer]: "" cuando no hace falta decir más. */
export type SpanishEntry = readonly [plain: string, definition: string, guide: string];

export const SYMPTOMS_ES: Record<string, SpanishEntry> = {
  "chest pain": [
    "dolor de pecho",
    "Es dolor o presión en el pecho.",
    "El dolor de pecho puede venir del corazón. Por eso lo tomamos en serio.",
  ],
  "shortness of breath": [
    "falta de aire",
    "Le cuesta tomar aire.",
    "Fíjese cuándo pasa: al caminar, al estar acostado o en reposo.",
  ],
  cough: ["tos", "", "La tos de un resfriado se va casi siempre en dos o tres semanas."],
  "coughing up blood": [
    "tos con sangre",
    "Sale sangre al toser.",
    "Esto necesita atención pronto, aunque sea poca sangre.",
  ],
  "vomiting blood": ["vómito con sangre", "Sale sangre al vomitar.", "Vaya a que le vean ya."],
  fever: [
    "fiebre",
    "Su cuerpo está más caliente de lo normal.",
    "La fiebre ayuda al cuerpo a luchar. Descanse y tome mucho líquido.",
  ],
  chills: ["escalofríos", "", "Los escalofríos suelen venir con la fiebre."],
  headache: [
    "dolor de cabeza",
    "",
    "Descansar, tomar agua y dormir bien le puede ayudar. Fíjese qué lo trae.",
  ],
  dizziness: [
    "mareo",
    "Siente que se va a caer o que todo da vueltas.",
    "Póngase de pie con calma. Si todo da vueltas, siéntese.",
  ],
  fatigue: [
    "cansancio",
    "Está muy cansado, aun después de descansar.",
    "El sueño, la comida y el ánimo cambian cuánto se cansa.",
  ],
  nausea: ["náuseas", "Siente que va a vomitar.", "Tome sorbos de agua y coma cosas simples."],
  vomiting: ["vómitos", "", "Tome sorbos de líquido seguido para no secarse."],
  diarrhea: [
    "diarrea",
    "Hace caca blanda o aguada, más que de costumbre.",
    "Tome mucho líquido para no secarse.",
  ],
  constipation: [
    "estreñimiento",
    "Le cuesta hacer caca, o va menos que antes.",
    "El agua, la fruta, la verdura y moverse le ayudan a ir.",
  ],
  "abdominal pain": [
    "dolor de barriga",
    "Es dolor en la barriga.",
    "Fíjese dónde le duele y qué lo mejora o lo empeora.",
  ],
  "back pain": [
    "dolor de espalda",
    "",
    "Casi siempre mejora en unas semanas. Moverse un poco ayuda más que la cama.",
  ],
  "neck pain": ["dolor de cuello", "", "El calor y mover el cuello con calma le pueden aliviar."],
  "joint pain": [
    "dolor en las articulaciones",
    "Es dolor donde se unen dos huesos, como la rodilla.",
    "Fíjese qué partes le duelen y si están duras al despertar.",
  ],
  "knee pain": ["dolor de rodilla", "", "El reposo, el hielo y un buen zapato le pueden aliviar."],
  "shoulder pain": ["dolor de hombro", "", "Mueva el hombro con calma para que no se ponga duro."],
  "hip pain": [
    "dolor de cadera",
    "",
    "Fíjese si duele más al caminar, al sentarse o al acostarse de ese lado.",
  ],
  "ankle pain": ["dolor de tobillo", "", "El reposo, el hielo y subir el pie le ayudan a sanar."],
  "wrist pain": ["dolor de muñeca", "", "Deje descansar la muñeca. Pare un rato en lo que le hace doler."],
  "foot pain": ["dolor de pie", "", "Un buen zapato y el reposo le pueden aliviar."],
  "muscle pain": [
    "dolor de músculos",
    "Los músculos le duelen.",
    "El reposo, un baño tibio y estirar con calma le ayudan.",
  ],
  "sore throat": ["dolor de garganta", "", "Lo tibio, lo frío y el reposo calman la garganta."],
  "runny nose": ["moqueo", "", "Suele venir con un resfriado o con alergias."],
  "nasal congestion": [
    "nariz tapada",
    "La nariz está tapada.",
    "El vapor, el agua con sal y el reposo le ayudan a respirar.",
  ],
  sneezing: ["estornudos", "", "Suelen venir de un resfriado, del polvo o del polen."],
  "ear pain": ["dolor de oído", "", "Suele venir con un resfriado o un germen en el oído."],
  swelling: [
    "hinchazón",
    "Una parte del cuerpo se hincha porque junta líquido.",
    "Suba la parte hinchada al sentarse. Fíjese si empeora.",
  ],
  rash: ["sarpullido", "", "Tenga la piel limpia y seca. Trate de no rascarse."],
  itching: ["picazón", "", "Los paños frescos y un jabón suave calman la piel."],
  numbness: [
    "adormecimiento",
    "No siente bien una parte del cuerpo, o le hormiguea.",
    "Avísenos si se extiende o si se siente débil.",
  ],
  weakness: ["debilidad", "", "Avísenos ya si le viene de golpe."],
  palpitations: [
    "latidos rápidos",
    "Siente el corazón latir muy rápido o saltarse un latido.",
    "Fíjese cuándo pasa y cuánto dura.",
  ],
  insomnia: [
    "problemas para dormir",
    "Le cuesta dormirse o seguir dormido.",
    "Acuéstese y levántese a la misma hora. No use pantallas en la cama.",
  ],
  "anxiety symptoms": ["nervios", "", "Respirar lento y salir un rato le pueden calmar."],
  "low mood": ["ánimo bajo", "", "Hablar con gente de confianza, moverse y dormir le ayudan."],
  "suicidal thoughts": [
    "pensamientos de no querer vivir",
    "",
    "No está solo. Hablar de esto con su equipo de salud ayuda.",
  ],
  "missed periods": ["faltas de la regla", "", "Vamos a buscar por qué no le baja la regla."],
  "weight loss": ["pérdida de peso", "", "Vamos a buscar por qué baja de peso."],
  "weight gain": ["subida de peso", "", "Vamos a ver qué le hace subir de peso."],
  "loss of appetite": ["falta de hambre", "", "Comer poco y seguido le ayuda a comer lo que necesita."],
  heartburn: [
    "acidez",
    "Es un ardor en el pecho después de comer.",
    "Coma menos cada vez. No se acueste justo al comer.",
  ],
  "painful urination": [
    "dolor al orinar",
    "Le duele o le arde al orinar.",
    "Tome mucha agua. Puede ser un germen en la vejiga.",
  ],
  "frequent urination": ["ganas de orinar seguido", "", "Fíjese cuántas veces va y si tiene más sed."],
  "blood in urine": [
    "sangre en la orina",
    "Hay sangre en la orina.",
    "Hay que ver de dónde viene la sangre.",
  ],
  "blood in stool": ["sangre en la caca", "", "Fíjese si es roja o oscura, y cada cuánto la ve."],
  wheezing: [
    "silbido al respirar",
    "Se oye un silbido al respirar.",
    "El silbido quiere decir que las vías del aire están cerradas.",
  ],
  "blurry vision": ["vista borrosa", "", "Avísenos ya si pierde la vista de un ojo o si le viene de golpe."],
  fainting: ["desmayos", "Pierde el sentido por un rato.", "Siéntese o acuéstese apenas se sienta débil."],
  "night sweats": ["sudor de noche", "", "Fíjese cada cuánto pasa y si también tiene fiebre."],
  stiffness: ["rigidez", "", "Moverse con calma y un baño tibio le alivian."],
  bruising: ["moretones", "", "Avísenos si le salen sin un golpe."],
  bleeding: ["sangrado", "", "Apriete con un paño limpio para frenar la sangre."],
  pain: ["dolor", "", "Fíjese dónde le duele, cuánto y qué lo alivia."],
};

export const CONDITIONS_ES: Record<string, SpanishEntry> = {
  hypertension: [
    "presión alta",
    "La sangre empuja con mucha fuerza en sus venas.",
    "Con el tiempo daña el corazón y los riñones. Menos sal, moverse y sus pastillas le ayudan.",
  ],
  hypotension: [
    "presión baja",
    "La presión de la sangre está muy baja.",
    "Póngase de pie con calma y tome agua.",
  ],
  diabetes: [
    "diabetes",
    "Queda mucho azúcar en la sangre.",
    "La comida, moverse y sus medicinas cuidan su azúcar.",
  ],
  hyperglycemia: [
    "azúcar alta en la sangre",
    "Hay más azúcar en la sangre de lo normal.",
    "Su equipo de salud puede ver si es diabetes.",
  ],
  hyperlipidemia: [
    "colesterol alto",
    "Hay mucha grasa en la sangre.",
    "La grasa puede tapar el paso de la sangre. La comida, moverse y las pastillas ayudan.",
  ],
  "congestive heart failure": [
    "falla del corazón",
    "El corazón no bombea tan bien como debe.",
    "Pésese cada día y cuide la sal.",
  ],
  "fluid retention": [
    "retención de líquido",
    "El cuerpo guarda más líquido del que debe.",
    "Coma menos sal, y avísenos si su peso sube rápido.",
  ],
  "coronary artery disease": [
    "enfermedad del corazón",
    "Las venas que llevan sangre al corazón se cierran.",
    "Sus pastillas, moverse y no fumar cuidan su corazón.",
  ],
  "atrial fibrillation": [
    "latido irregular",
    "El corazón late sin ritmo fijo.",
    "Puede formar un coágulo. Tome sus pastillas como le dijimos.",
  ],
  stroke: [
    "derrame cerebral",
    "Se corta la sangre a una parte del cerebro.",
    "Sus pastillas y una buena presión ayudan a que no vuelva.",
  ],
  "transient ischemic attack": [
    "un mini derrame",
    "La sangre deja de llegar a una parte del cerebro por un rato y luego vuelve.",
    "Es una señal de aviso: puede venir antes de un derrame, por eso hay que revisarlo pronto.",
  ],
  asthma: [
    "asma",
    "Los tubos del aire se cierran y se hinchan.",
    "Lleve su inhalador de rescate. Aléjese de lo que lo dispara.",
  ],
  copd: [
    "EPOC",
    "Es un mal de los pulmones que dura mucho. Cuesta sacar el aire.",
    "No fumar y usar sus inhaladores le ayudan a respirar.",
  ],
  pneumonia: [
    "una infección de pulmón",
    "Es una infección en los pulmones.",
    "Descanse y tome líquido. Debe sentirse mejor en una o dos semanas.",
  ],
  bronchitis: [
    "bronquitis",
    "Los tubos del aire en el pecho están hinchados.",
    "La tos puede durar unas semanas, pero se va.",
  ],
  "upper respiratory infection": [
    "un resfriado",
    "Es un germen que da catarro.",
    "El reposo y el líquido ayudan. Se va en una semana más o menos.",
  ],
  sinusitis: [
    "sinusitis",
    "Los huecos de la cara, junto a la nariz, están hinchados.",
    "Lavar la nariz con agua y sal, y el vapor, ayudan.",
  ],
  influenza: [
    "gripe",
    "Es un germen que da fiebre, tos y dolor de cuerpo.",
    "Descanse, tome líquido y quédese en casa para no contagiar.",
  ],
  "covid-19": [
    "COVID",
    "Es un germen que da tos, fiebre y cansancio.",
    "Descanse, tome líquido y aléjese de los demás mientras esté mal.",
  ],
  "strep throat": [
    "infección de garganta por estreptococo",
    "Es un germen en la garganta.",
    "Tome cada dosis de la medicina, aunque ya se sienta bien.",
  ],
  "otitis media": [
    "una infección de oído",
    "Es una infección en el oído.",
    "Casi siempre se cura en pocos días.",
  ],
  "urinary tract infection": [
    "una infección de orina",
    "Es un germen en la vejiga o en los riñones.",
    "Tome mucha agua y cada dosis de su medicina.",
  ],
  "kidney stones": [
    "piedras en el riñón",
    "Son piedras chicas y duras que se forman en el riñón.",
    "Tome mucha agua para que no se formen más.",
  ],
  "chronic kidney disease": [
    "enfermedad de los riñones",
    "Los riñones no limpian la sangre tan bien como deben.",
    "Una buena presión y un buen azúcar cuidan sus riñones.",
  ],
  gerd: [
    "reflujo",
    "El ácido de la panza sube a la garganta.",
    "Comer menos cada vez y no cenar tarde le ayudan.",
  ],
  hypothyroidism: [
    "tiroides lenta",
    "La tiroides, en el cuello, no hace bastante hormona.",
    "Una pastilla al día le da la hormona que le falta.",
  ],
  hyperthyroidism: [
    "tiroides muy activa",
    "La tiroides, en el cuello, hace mucha hormona.",
    "La medicina puede poner la tiroides en su sitio.",
  ],
  osteoarthritis: [
    "desgaste de las articulaciones",
    "Las articulaciones se gastan con los años. Duelen y se ponen duras.",
    "Moverse, un buen peso y las pastillas para el dolor le ayudan.",
  ],
  bunion: [
    "juanete",
    "Un bulto de hueso al lado del pie, donde nace el dedo gordo.",
    "Zapatos anchos, con lugar para los dedos, alivian el dolor.",
  ],
  aneurysm: [
    "aneurisma",
    "Un punto débil en la pared de un vaso de sangre se infla como un globo.",
    "Un dolor de cabeza de golpe y muy fuerte, o dolor en el pecho o la espalda, necesita ayuda ya.",
  ],
  mesothelioma: [
    "mesotelioma",
    "Un cáncer de la capa fina que cubre los pulmones o la panza.",
    "Avísenos si le falta el aire o le duele el pecho.",
  ],
  "amyotrophic lateral sclerosis": [
    "ELA",
    "Los nervios que mueven los músculos dejan de funcionar poco a poco.",
    "Un equipo de salud ayuda a moverse, comer y respirar.",
  ],
  amblyopia: [
    "ojo vago",
    "Un ojo ve menos, porque el cerebro usa más el otro ojo.",
    "Revisar los ojos, usar lentes o un parche ayuda a ver mejor.",
  ],
  kyphosis: [
    "espalda curva",
    "La parte de arriba de la espalda se curva hacia adelante más de lo normal.",
    "El ejercicio y una buena postura ayudan. Avísenos si le duele más la espalda.",
  ],
  "rheumatoid arthritis": [
    "artritis reumatoide",
    "El cuerpo ataca sus propias articulaciones. Se hinchan y duelen.",
    "Las medicinas la calman y la frenan.",
  ],
  osteoporosis: [
    "huesos débiles",
    "Los huesos se ponen finos y se rompen fácil.",
    "El calcio, caminar y sus pastillas le ayudan.",
  ],
  gout: [
    "gota",
    "Es un dolor fuerte y de golpe en una articulación, casi siempre el dedo gordo.",
    "El agua, menos carne roja y menos alcohol ayudan a que no vuelva.",
  ],
  depression: [
    "depresión",
    "Es un ánimo bajo que dura mucho y hace la vida difícil.",
    "Es común. Puede mejorar con ayuda, charla y medicina.",
  ],
  anxiety: [
    "ansiedad",
    "Son nervios o miedo que cuesta controlar.",
    "Hablar con alguien y algunas medicinas le pueden ayudar.",
  ],
  migraine: [
    "migraña",
    "Es un dolor de cabeza fuerte que vuelve. La luz y el ruido lo empeoran.",
    "Descanse en un cuarto oscuro y callado. Fíjese qué la dispara.",
  ],
  obesity: [
    "peso muy alto para su salud",
    "Tiene más grasa de la que es buena para su salud.",
    "Cambios chicos en la comida y moverse más hacen mucho con el tiempo.",
  ],
  anemia: ["anemia", "Le falta sangre roja. Por eso se cansa.", "El hierro u otro cuidado le pueden ayudar."],
  "sleep apnea": [
    "apnea del sueño",
    "Deja de respirar por ratos mientras duerme.",
    "Una máquina para respirar de noche le ayuda a descansar.",
  ],
  "allergic rhinitis": [
    "alergia en la nariz",
    "Su nariz reacciona al polen o al polvo.",
    "Las pastillas o el spray para la alergia ayudan. También alejarse del polen.",
  ],
  eczema: [
    "eccema",
    "Es piel seca, roja y con picazón.",
    "Una crema espesa cada día y un jabón suave calman la piel.",
  ],
  psoriasis: [
    "psoriasis",
    "Son manchas de piel roja, gruesa y con escamas.",
    "Las cremas y otros cuidados calman las manchas.",
  ],
  "lyme disease": [
    "la enfermedad de Lyme",
    "Es una enfermedad por la picadura de una garrapata. Puede dar una mancha roja, fiebre y dolor en las articulaciones.",
    "Tome cada dosis del medicamento, aunque se sienta mejor.",
  ],
  cellulitis: [
    "una infección de la piel",
    "Es un germen en la piel. Se pone roja, caliente y duele.",
    "Marque con una línea el borde rojo. Avísenos si pasa la línea.",
  ],
  sprain: [
    "un esguince",
    "Se estiró o se rompió la banda que une la articulación.",
    "Los primeros días: reposo, hielo, venda y subir la parte.",
  ],
  fracture: [
    "un hueso roto",
    "Es un hueso roto.",
    "El hueso tarda en sanar, casi siempre seis semanas o más.",
  ],
  tendinitis: [
    "tendinitis",
    "Es un tendón hinchado y con dolor.",
    "El reposo, el hielo y estirar con calma le ayudan.",
  ],
  "carpal tunnel syndrome": [
    "túnel carpiano",
    "Es un nervio apretado en la muñeca. La mano se duerme.",
    "Una férula de noche y parar de escribir un rato le ayudan.",
  ],
  radiculopathy: [
    "un nervio apretado",
    "Un nervio cerca de la columna está apretado. Puede doler, picar o dar debilidad.",
    "Moverse con calma ayuda. Díganos si una mano o una pierna se pone débil.",
  ],
  sciatica: [
    "ciática",
    "Es un dolor que baja de la espalda a la pierna por un nervio apretado.",
    "Moverse con calma ayuda más que la cama. Casi siempre mejora en semanas.",
  ],
  "herniated disc": [
    "una hernia de disco",
    "Un cojín blando entre los huesos de la espalda se sale.",
    "Casi siempre mejora en unas semanas con movimiento y tiempo.",
  ],
  "meniscus tear": [
    "una rotura del menisco",
    "Es un corte en el cojín de la rodilla.",
    "El reposo, el hielo y fortalecer la pierna le ayudan a sanar.",
  ],
  "rotator cuff tear": [
    "una rotura en el hombro",
    "Es un corte en las bandas que sostienen el hombro.",
    "Fortalecer el hombro le ayuda a usarlo otra vez.",
  ],
  "rotator cuff tendinopathy": [
    "un tendón del hombro adolorido",
    "Las bandas que mueven el hombro están adoloridas o hinchadas.",
    "El reposo y fortalecer el hombro le ayudan a sanar.",
  ],
  "rotator cuff injury": [
    "un hombro lastimado",
    "Las bandas que mueven el hombro están lastimadas.",
    "El reposo le ayuda a sanar, y los ejercicios fortalecen el hombro.",
  ],
  concussion: [
    "una conmoción",
    "Es un golpe en la cabeza que afecta el cerebro.",
    "Deje descansar el cuerpo y la mente unos días.",
  ],
  cancer: ["cáncer", "Unas células crecen sin control.", "Su equipo de salud le va a explicar cada paso."],
  hepatitis: [
    "un mal del hígado",
    "El hígado está hinchado o dañado.",
    "No tome alcohol, para que el hígado sane.",
  ],
  "irritable bowel syndrome": [
    "colon irritable",
    "Es un mal de la tripa que da dolor, gases y cambios al hacer caca.",
    "Fíjese qué comidas lo empeoran. La fibra y la calma ayudan.",
  ],
  diverticulitis: [
    "diverticulitis",
    "Unas bolsitas en la tripa se hinchan o se infectan.",
    "Coma cosas blandas hasta que se sienta mejor.",
  ],
  "benign prostatic hyperplasia": [
    "próstata grande",
    "La próstata creció. Puede costar orinar.",
    "La medicina le ayuda a orinar mejor.",
  ],
  lupus: [
    "lupus",
    "El cuerpo ataca sus propias células. Puede dañar la piel y más.",
    "El cuidado de un experto y cuidarse del sol lo calman.",
  ],
  "multiple sclerosis": [
    "esclerosis múltiple",
    "El cuerpo ataca la capa que cubre los nervios.",
    "Las medicinas y un experto la pueden frenar.",
  ],
  "seizure disorder": [
    "convulsiones",
    "Son descargas en el cerebro que hacen temblar o perder el sentido.",
    "Tome sus pastillas cada día para no tener una convulsión.",
  ],
  dementia: [
    "pérdida de memoria",
    "Es una pérdida lenta de la memoria y del pensar.",
    "Las rutinas, las notas y la ayuda de la familia hacen el día más fácil.",
  ],
  "deep vein thrombosis": [
    "un coágulo en la pierna",
    "Es un coágulo de sangre en una vena, casi siempre en la pierna.",
    "Las medicinas para la sangre evitan que crezca o se mueva.",
  ],
  "peripheral neuropathy": [
    "daño en los nervios",
    "Los nervios están dañados. Las manos o los pies se duermen o arden.",
    "Mírese los pies cada día por si tiene cortes que no siente.",
  ],
  hernia: [
    "una hernia",
    "Una parte de la tripa sale por un punto débil de la barriga.",
    "No levante cosas pesadas hasta que le digamos.",
  ],
  "heart murmur": [
    "un soplo en el corazón",
    "Es un ruido de más que hace la sangre al pasar.",
    "Muchos no hacen daño. Una prueba del corazón nos dirá más.",
  ],
  "mitral regurgitation": [
    "una válvula del corazón que gotea",
    "Una puerta dentro del corazón no cierra del todo y algo de sangre se regresa.",
    "Tal vez la revisemos con una prueba del corazón de vez en cuando.",
  ],
  "aortic stenosis": [
    "una válvula del corazón dura",
    "Una puerta dentro del corazón está dura y no abre del todo.",
    "Avísenos si se siente débil o le falta el aire al moverse.",
  ],
  "substance use": [
    "uso de alcohol o drogas",
    "Es usar alcohol o drogas de un modo que daña su salud.",
    "Hay ayuda cuando usted quiera, y sirve.",
  ],
};

/** Pruebas: [nombre, qué es, qué va a pasar]. */
export const TESTS_ES: Record<string, SpanishEntry> = {
  "x-ray": [
    "una radiografía",
    "Es una foto de adentro del cuerpo, como los huesos.",
    "Tarda unos minutos y no duele.",
  ],
  mri: [
    "una resonancia",
    "Es una prueba con imanes que saca fotos de adentro del cuerpo.",
    "Se queda quieto en un tubo grande un rato. Hace ruido, pero no duele.",
  ],
  "ct scan": [
    "un escáner",
    "Es una prueba que saca muchas fotos de adentro del cuerpo.",
    "Se acuesta en una mesa que pasa por un aro. Tarda unos minutos.",
  ],
  ultrasound: [
    "una ecografía",
    "Es una prueba con sonido que deja ver adentro del cuerpo.",
    "Pasan un aparato con gel por su piel. No duele.",
  ],
  echocardiogram: [
    "una ecografía del corazón",
    "Es una prueba con sonido que muestra cómo late el corazón.",
    "Pasan un aparato con gel por su pecho.",
  ],
  ekg: [
    "un electro del corazón",
    "Es una prueba que mide el latido con parches en la piel.",
    "Le ponen parches en el pecho. Tarda unos minutos.",
  ],
  "stress test": [
    "una prueba de esfuerzo",
    "Es una prueba del corazón mientras hace ejercicio.",
    "Camina en una cinta mientras miramos su corazón.",
  ],
  "holter monitor": [
    "un monitor del corazón",
    "Es un aparato chico que guarda su latido.",
    "Lo lleva en el pecho uno o más días.",
  ],
  "blood work": [
    "un análisis de sangre",
    "Son pruebas con un poco de su sangre.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  "complete blood count": [
    "un conteo de sangre",
    "Cuenta las células de su sangre.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  "metabolic panel": [
    "un análisis de química",
    "Mide las sales, el azúcar y cómo van los riñones.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  "lipid panel": [
    "un análisis del colesterol",
    "Mide la grasa de su sangre.",
    "Quizás tenga que estar sin comer unas horas antes.",
  ],
  "psa test": [
    "un análisis de PSA",
    "Es un análisis de sangre que revisa la próstata.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  "lyme test": [
    "un análisis de sangre para la enfermedad de Lyme",
    "Muestra si tuvo el germen de la garrapata que causa la enfermedad de Lyme.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  "hemoglobin a1c": [
    "un análisis del azúcar",
    "Muestra su azúcar de los últimos tres meses.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  "thyroid test": [
    "un análisis de tiroides",
    "Mide cómo va su tiroides.",
    "Le sacan un tubo chico de sangre del brazo.",
  ],
  urinalysis: ["un análisis de orina", "Es una prueba de su orina.", "Orina en un vaso chico."],
  "strep test": [
    "una prueba de estreptococo",
    "Buscan el germen en la garganta.",
    "Le pasan un hisopo por el fondo de la garganta.",
  ],
  "covid test": ["una prueba de COVID", "Ve si tiene COVID.", "Le pasan un hisopo por la nariz."],
  biopsy: ["una biopsia", "Sacan un trozo chico para mirarlo de cerca.", "Luego lo miran en el laboratorio."],
  colonoscopy: [
    "una colonoscopia",
    "Un médico mira su tripa con un tubo fino con cámara.",
    "El día antes limpia la tripa. Duerme durante la prueba.",
  ],
  endoscopy: [
    "una endoscopia",
    "Un médico mira su garganta y su panza con un tubo fino con cámara.",
    "Duerme mientras el tubo mira.",
  ],
  mammogram: [
    "una mamografía",
    "Es una radiografía del pecho para buscar cáncer.",
    "Aprietan el pecho unos segundos para sacar la foto.",
  ],
  "pap smear": [
    "una prueba de Papanicolaou",
    "Busca cáncer en el cuello del útero.",
    "Toman una muestra rápida en un examen.",
  ],
  "bone density scan": [
    "una prueba de los huesos",
    "Mide qué tan fuertes son sus huesos.",
    "Se acuesta quieto en una mesa unos minutos. No duele.",
  ],
  "pulmonary function test": [
    "una prueba de respirar",
    "Mide cómo van sus pulmones.",
    "Sopla fuerte en un tubo unas veces.",
  ],
  "sleep study": [
    "un estudio del sueño",
    "Ve cómo respira al dormir.",
    "Duerme con parches chicos para ver cómo respira.",
  ],
  "nerve conduction study": [
    "una prueba de los nervios",
    "Mide cómo van sus nervios.",
    "Unos parches dan toques suaves para ver los nervios.",
  ],
  "cardiac catheterization": [
    "un cateterismo",
    "Un tubo fino va por una vena hasta el corazón.",
    "Así vemos el corazón por dentro.",
  ],
  culture: [
    "un cultivo",
    "Es una prueba para ver qué germen causa la infección.",
    "Vemos qué germen crece en la muestra.",
  ],
};

/** A quién va a ver: [quién, qué hace, ""]. */
export const REFERRALS_ES: Record<string, SpanishEntry> = {
  cardiology: ["un médico del corazón", "", ""],
  "physical therapy": ["un fisioterapeuta", "Le enseña ejercicios para moverse mejor y con menos dolor.", ""],
  orthopedics: ["un médico de huesos", "", ""],
  dermatology: ["un médico de la piel", "", ""],
  neurology: ["un médico de los nervios", "", ""],
  "stroke clinic": ["la clínica de derrames", "", ""],
  gastroenterology: ["un médico de la tripa", "", ""],
  endocrinology: ["un médico de las hormonas", "", ""],
  pulmonology: ["un médico de los pulmones", "", ""],
  nephrology: ["un médico de los riñones", "", ""],
  urology: ["un médico de la vejiga", "", ""],
  rheumatology: ["un médico de las articulaciones", "", ""],
  psychiatry: ["un médico de salud mental", "", ""],
  counseling: ["un consejero", "Es alguien con quien puede hablar.", ""],
  "obstetrics and gynecology": ["un médico de la mujer", "", ""],
  ent: ["un médico de oído, nariz y garganta", "", ""],
  ophthalmology: ["un médico de los ojos", "", ""],
  surgery: ["un cirujano", "", ""],
  oncology: ["un médico del cáncer", "", ""],
  podiatry: ["un médico de los pies", "", ""],
  nutrition: ["un experto en comida", "", ""],
  "allergy specialist": ["un médico de alergias", "", ""],
  "sports medicine": ["un médico del deporte", "", ""],
  "pain management": ["un médico del dolor", "", ""],
  "cardiac rehabilitation": ["un programa de ejercicio para el corazón", "", ""],
  hematology: ["un médico de la sangre", "", ""],
  hepatology: ["un médico del hígado", "", ""],
  "infectious disease": ["un médico de infecciones", "", ""],
  neurosurgery: ["un cirujano del cerebro y la columna", "", ""],
  "vascular surgery": ["un cirujano de las venas y arterias", "", ""],
  "occupational therapy": ["un terapeuta ocupacional", "", ""],
  "speech therapy": ["un terapeuta del habla", "", ""],
  "sleep medicine": ["un médico del sueño", "", ""],
  "wound care": ["una clínica de heridas", "", ""],
};

/** Lo que puede probar en casa. */
export const TREATMENTS_ES: Record<string, SpanishEntry> = {
  ice: ["hielo", "", ""],
  heat: ["calor", "", ""],
  rest: ["reposo", "", ""],
  elevation: ["subir la parte que duele", "", ""],
  brace: ["un soporte", "", ""],
  sling: ["un cabestrillo", "", ""],
  splint: ["una férula", "", ""],
  cast: ["un yeso", "", ""],
  crutches: ["muletas", "", ""],
  "diet changes": ["cambios en lo que come", "", ""],
  exercise: ["ejercicio", "", ""],
  fluids: ["tomar líquido", "", ""],
  "weight loss": ["bajar de peso", "", ""],
  "smoking cessation": ["dejar de fumar", "", ""],
  injection: ["una inyección", "", ""],
  surgery: ["una operación", "", ""],
  vaccine: ["una vacuna", "", ""],
  "home blood pressure checks": ["medir la presión en casa", "", ""],
  "blood sugar checks": ["medir el azúcar", "", ""],
};

/** Para qué sirve cada tipo de medicina ("para …"). */
export const MEDICATION_CLASSES_ES: Record<string, string> = {
  blood_pressure: "bajar la presión",
  diuretic: "sacar el agua de más del cuerpo",
  cholesterol: "bajar la grasa de la sangre",
  diabetes: "bajar el azúcar",
  insulin: "bajar el azúcar",
  thyroid: "ayudar a la tiroides",
  pain: "calmar el dolor",
  nsaid: "calmar el dolor y la hinchazón",
  opioid: "calmar un dolor fuerte",
  antibiotic: "matar los gérmenes de una infección",
  antiviral: "luchar contra un virus",
  antifungal: "luchar contra un hongo",
  antidepressant: "ayudar con el ánimo",
  anxiety: "calmar los nervios",
  sleep: "ayudarle a dormir",
  inhaler: "abrir los tubos del aire",
  steroid: "calmar la hinchazón del cuerpo",
  allergy: "calmar la alergia",
  acid: "bajar el ácido de la panza",
  blood_thinner: "evitar coágulos",
  heart: "ayudar al corazón",
  nerve: "calmar el dolor de los nervios",
  seizure: "evitar las convulsiones",
  muscle: "soltar los músculos",
  nausea: "quitar las náuseas",
  bowel: "ayudarle a ir al baño",
  gout: "evitar los ataques de gota",
  migraine: "parar o calmar la migraña",
  bone: "hacer los huesos más fuertes",
  prostate: "ayudarle a orinar",
  vitamin: "darle al cuerpo algo que le falta, como una vitamina",
  smoking: "ayudarle a dejar de fumar",
  adhd: "ayudarle a concentrarse",
  mental_health: "ayudar a que la mente esté más estable",
  skin: "cuidar la piel",
  vaccine: "protegerle de una enfermedad",
  immune: "calmar un cuerpo que se ataca a sí mismo",
  birth_control: "evitar el embarazo",
};

/** Un consejo por tipo de medicina, en proporción a su riesgo. */
export const MEDICINE_TIP_ES: Record<string, string> = {
  nsaid: "Tómela con algo de comer.",
  opioid: "Le puede dar sueño. No maneje después de tomarla.",
  antibiotic: "Tome cada dosis, aunque ya se sienta bien.",
  blood_thinner: "Avísenos si sangra más de lo normal.",
  insulin: "Mida su azúcar como le enseñamos.",
  diabetes: "Coma a sus horas mientras la toma.",
  diuretic: "Va a orinar más. Tómela en la mañana.",
  sleep: "Tómela justo antes de dormir.",
  anxiety: "Le puede dar sueño. No maneje después de tomarla.",
  steroid: "Tómela con comida, en la mañana.",
  inhaler: "Llévelo siempre con usted.",
  migraine: "Tómela cuando empiece el dolor de cabeza.",
  muscle: "Le puede dar sueño.",
};

/** Palabras médicas que salen en el resumen y merecen una explicación. */
export const EXTRA_GLOSSARY_ES: Record<string, string> = {
  dosis: "Cuánto toma de una medicina cada vez.",
  síntoma: "Un cambio en cómo se siente que puede ser señal de un mal.",
  alergia: "Su cuerpo reacciona mal a algo, como una medicina o una comida.",
  "presión arterial": "La fuerza con que la sangre empuja en las venas.",
  pulso: "Cuántas veces late el corazón en un minuto.",
  oxígeno: "El aire que lleva su sangre. Se mide en por ciento.",
  temperatura: "Qué tan caliente está su cuerpo.",
};
