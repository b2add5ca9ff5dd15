/**
 * CONCEPTS group words that ask about the same thing, in the languages the router serves, so that a
 * question worded in a way the development set never used still shares features with questions that
 * mean the same. Entries are in normalized form (see normalize): lower case, no accents, no
 * apostrophes. An entry ending in "*" matches any word that starts with it; an entry of two words
 * matches those two words in a row.
 */
export const CONCEPTS: Record<string, readonly string[]> = {
  // The job the member is looking at, and their fit for it.
  opening: [
    "job", "jobs", "role", "roles", "position*", "opening*", "vacanc*", "listing*", "posting*", "req", "gig", "puesto*", "vacante*", "vaga", "vagas",
    "poste", "postes", "offre", "offres", "annonce", "stelle", "stellen*", "naukri", "job description", "jd", "this one", "oferta", "anuncio",
  ],
  fit: [
    "fit", "fits", "fitting", "qualif*", "suitab*", "suited", "match*", "eligib*", "overqualif*", "underqualif*", "shot", "chance", "chances", "odds",
    "shortlist*", "stack", "candidat*", "requirement*", "require*", "prerequisit*", "must have", "nice to have", "dealbreaker", "deal breaker",
    "meet", "tick", "missing", "lacking", "lack", "stretch", "realistic", "realistically", "posibilidad*", "possibilit*", "corresponde*",
    "correspond*", "passe", "passt", "geeignet", "chancen", "perfil", "profil", "sahi", "layak", "reicht", "suffit", "suficiente", "kaafi", "enough",
    "good enough", "rule me out", "disqualif*", "requisito*", "exig*", "anforderung*", "voraussetzung*", "encaixo", "cumplo", "rate my fit",
    "background", "experience", "experiencia", "erfahrung", "tajurba", "looking for", "what they want", "what theyre looking for", "am i what",
  ],
  apply: [
    "apply", "applying", "applied", "application*", "applicant*", "postul*", "candidatar", "candidatura", "postuler", "bewerb*", "tailor*",
    "cover letter", "lettre de motivation", "anschreiben", "carta de presentacion",
  ],
  listing_details: [
    "remote", "hybrid", "onsite", "on site", "shift", "shifts", "hours", "schedule", "full time", "part time", "contract", "relocat*", "visa",
    "sponsor*", "clearance", "seniority", "level", "travel", "commute", "night", "nights", "weekend*", "homeoffice", "teletrabajo", "presencial",
    "teletravail", "teilzeit", "vollzeit", "start date", "temp", "permanent", "fixed term", "horario*", "turno*", "schicht*",
  ],
  pay: [
    "pay", "pays", "paid", "paying", "salar*", "wage*", "compensat*", "comp", "band", "bands", "ctc", "package", "bonus*", "equity", "sueldo*",
    "salaire*", "gehalt*", "verdien*", "tankhwah", "remunera*", "money", "earn*", "rate", "hourly", "stipend", "lohn", "paga", "pagan", "pagam",
  ],
  work: [
    "work", "working", "worked", "workplace", "trabajo*", "trabalho*", "emprego*", "empleo*", "arbeit", "arbeite", "arbeiten", "travail*", "boulot",
    "kaam", "office", "workday", "9 to 5", "nine to five", "employment", "employed", "job", "trabajar", "trabalhar", "travailler",
  ],

  // The company: what it is, what it is like, its people and its news.
  company: [
    "company", "companies", "employer*", "firm", "firms", "organi*", "org", "orgs", "business", "corporat*", "corp", "startup*", "agency", "brand",
    "empresa*", "compania*", "entreprise*", "boite", "societe", "firma", "unternehmen*", "arbeitgeber*", "kampni", "kompany", "employeur",
    "empregador*", "organizacao", "organisation", "studio", "chain", "place to work", "this place", "over there", "in there",
  ],
  culture: [
    "culture*", "cultura", "kultur", "vibe*", "atmospher*", "environment", "morale", "values", "mission", "toxic", "politics", "work life", "balance",
    "wlb", "crunch", "ambiente", "clima", "betriebsklima", "ambiance", "flat", "hierarch*", "diverse", "diversity", "inclusive", "treat", "treats",
    "treated", "like to work", "like working", "happy", "burn out", "burns out", "arbeitsklima", "arbeitsbedingungen", "condiciones",
  ],
  people: [
    "employee*", "staff", "workers", "workforce", "headcount", "leader*", "ceo", "cto", "cfo", "founder*", "founded", "execs", "executive*",
    "management", "board", "director*", "pdg", "dirige", "gefuhrt", "leitet", "chef", "fundador*", "know", "connections", "network", "alumni",
    "colleagues", "empleados", "mitarbeiter*", "funcionario*", "salaries", "log", "people", "who runs", "in charge", "owner*", "owns",
  ],
  company_news: [
    "news", "layoff*", "laid", "redundanc*", "restructur*", "reorg*", "funding", "funded", "raised", "series", "ipo", "acqui*", "merger", "revenue*",
    "profit*", "growing", "growth", "shrinking", "expan*", "investors", "backed", "valuation", "headquarter*", "hq", "offices", "office", "locations",
    "competitor*", "clients", "customers", "products", "product", "services", "entlassung*", "despidos", "licenciement*", "demiss*", "noticias",
    "nouvelles", "neuigkeiten", "history", "historia", "geschichte", "size", "big", "large", "small", "stable", "legit", "reputation*", "reputacion",
    "reputacao", "ruf", "glassdoor", "reviews", "turnover", "retention", "churn", "financially", "finances", "struggling", "doing well", "stabil*",
    "solide", "rentable", "lucrativ*", "demitiram", "demitindo", "hiring freeze", "histoire",
  ],
  org_name: [
    "inc", "ltd", "llc", "llp", "gmbh", "plc", "sa", "ag", "co", "corp", "group", "holdings", "labs", "lab", "systems", "analytics", "software",
    "consulting", "logistics", "energy", "games", "airlines", "airways", "retail", "cosmetics", "motors", "media", "studio", "studios", "foods",
    "pharma", "health", "healthcare", "bank", "capital", "partners", "technologies", "tech", "robotics", "solutions", "services", "ventures",
    "university", "hospital", "clinic", "pharmacy", "hotels", "resorts", "cloud", "insurance", "telecom", "networks", "industries", "mining",
    "transit", "utilities", "security", "bio", "biotech", "therapeutics", "financial", "finance", "digital", "interactive", "entertainment",
  ],
  benefits: [
    "benefit*", "perks", "perk", "pto", "leave", "parental", "maternity", "paternity", "insurance", "pension", "401k", "discount*", "vacation days",
    "holidays", "beneficios", "avantages", "sozialleistungen", "vorteile", "beneficio*", "tuition", "stock options", "rsu*",
  ],

  // A post or article and what it says.
  post: [
    "post", "posts", "article*", "author*", "writer", "wrote", "thread", "blog", "piece", "beitrag*", "artikel", "artigo*", "articulo*", "autor*",
    "auteur*", "texto", "texte", "op", "poster", "announcement", "publicacion", "publication", "publicacao", "this says", "he says", "she says",
  ],
  summary: [
    "conseil*", "consejo*", "dica*", "tipps", "aprendio", "aprendeu", "appris", "gelernt", "recommend*", "relevant", "apply to me", "summar*",
    "summaris*", "tldr", "tl", "dr", "gist", "recap", "takeaway*", "key", "main", "point", "points", "nutshell", "bullet*", "brief*", "condense",
    "short version", "overview", "explain", "meaning", "mean", "means", "saying", "says", "said", "resumen", "resumir", "resumo", "resuma",
    "resume moi", "resume ce", "zusammen*", "kernaussage*", "kernbotschaft", "hauptaussage*", "hauptpunkt*", "quintessenz", "fazit", "punkte",
    "puntos", "pontos", "points cles", "en gros", "matlab", "samjha*", "idea", "ideia", "lesson*", "lecciones", "licoes", "moral", "conclusion*",
    "conclusao", "il dit", "quiere decir", "quer dizer", "veut dire", "worum", "de que trata", "kis baare", "nichod", "results", "resultats",
    "resultados", "ergebnis*", "upshot", "according to", "bottom line", "what happened",
  ],
  claim: [
    "claim*", "argu*", "agree*", "disagree*", "evidence", "data", "numbers", "stats", "statistic*", "backed", "believ*", "true", "accurate",
    "credib*", "clickbait", "marketing", "hype", "bias*", "counterargument*", "counterpoint*", "right", "wrong", "valid", "legit", "comments",
    "commenters", "replies", "reaction*", "razon", "raison", "recht", "razao", "stimmen", "humblebrag*", "satire", "serious",
  ],

  // Interviews.
  interview: [
    "interview*", "entrevista*", "entretien*", "vorstellungsgesprach*", "bewerbungsgesprach*", "gesprach", "interviewrunde*", "screen", "screening",
    "phone screen", "onsite", "panel", "round", "rounds", "loop", "hr round", "assessment*", "take home", "takehome", "whiteboard", "live coding",
    "case study", "case interview", "system design", "behavioral", "behavioural", "star", "mock", "recruiter call", "dinamica", "processo seletivo",
    "proceso de seleccion", "selection process", "hiring process", "recruitment process", "trial shift", "demo lesson", "presentation", "coding test",
    "coding challenge", "technical test", "work sample", "aptitude", "psychometric", "group discussion", "interviewer*", "hiring manager",
    "final round", "second round", "first round", "telefoninterview", "visio", "entretien blanc", "simulacion", "simulacao", "fallstudie",
    "reasoning test", "numerical", "verbal reasoning", "aptitude test", "personality test", "in tray",
  ],
  interview_moves: [
    "prep", "prepare*", "preparing", "preparation", "practi*", "rehears*", "quiz", "drill", "grill", "questions", "question", "ask me", "answer*",
    "respond*", "weakness*", "weakest", "strength*", "tell me about yourself", "why should we hire", "wear", "outfit", "thank you", "follow up",
    "followup", "nervous*", "anxious", "nerves", "calm", "preparar*", "prepararme", "preparo", "preparer", "vorbereit*", "taiyari", "puch*", "sawal*",
    "pregunta*", "perguntas", "fragen", "frage", "debilidad*", "schwache*", "pontos fracos", "parlez moi", "cuentame", "jawab", "responder",
    "repondre", "beantworte*", "antworte*", "ask them", "ask at the end", "blank", "ueben", "uben", "pratiquer", "practicar", "get ready",
    "when they ask", "if they ask", "dress for the interview", "dress code",
  ],

  profession: [
    "nurse*", "teacher*", "engineer*", "developer*", "designer*", "accountant*", "lawyer*", "doctor*", "pilot*", "chef*", "cook", "electrician*",
    "plumber*", "carpenter*", "mechanic*", "technician*", "analyst*", "consultant*", "pharmacist*", "paralegal*", "journalist*", "writer*", "editor*",
    "marketer*", "salesperson", "sales rep*", "recruiter*", "hr", "human resources", "scientist*", "researcher*", "architect*", "barista*",
    "cashier*", "driver*", "waiter*", "waitress*", "receptionist*", "admin*", "assistant*", "clerk*", "banker*", "trader*", "actuar*", "economist*",
    "physio*", "therapist*", "dentist*", "hygienist*", "vet", "veterinar*", "firefighter*", "police officer*", "soldier*", "military", "veteran*",
    "translator*", "interpreter*", "photographer*", "artist*", "animator*", "programmer*", "coder*", "tester*", "qa", "devops", "sre",
    "product manager*", "project manager*", "pm", "ux", "ui", "data", "trade", "trades", "apprentice*", "intern*", "graduate*", "grad", "enfermer*",
    "enfermeir*", "profesor*", "professor*", "ingenier*", "engenheir*", "ingenieur*", "lehrer*", "pflege*", "entwickler*", "desarrollador*",
    "developpeur*", "infirmi*", "enseignant*", "comptable*", "contador*", "abogado*", "avocat*", "medico*", "yoga teacher", "personal trainer",
    "social worker*", "care worker*", "call centre", "call center", "retail", "hospitality", "warehouse", "factory", "accounting", "bookkeep*",
    "finance", "nursing", "teaching", "engineering", "law", "medicine", "deckhand*", "sailor*", "seafarer*", "crew", "captain*", "officer*", "buyer*",
    "merchandis*", "planner*", "auditor*", "audit", "fundrais*", "supervisor*", "foreman", "operator*", "inspector*", "surveyor*",
    "estimator*", "coordinator*", "specialist*", "associate*", "director*", "executive*", "officer", "representative*", "agent*", "advisor*",
    "adviser*", "counsel*", "coach*", "trainer*", "instructor*", "tutor*", "lecturer*", "librarian*", "curator*", "producer*", "stage manager*",
    "technologist*", "chemist*", "biologist*", "physicist*", "statistician*", "geologist*", "midwi*", "paramedic*", "surgeon*", "radiograph*",
    "optometrist*", "dietitian*", "psycholog*", "counsellor*", "counselor*", "caregiver*", "carer*", "nanny", "cleaner*", "janitor*", "housekeep*",
    "porter*", "butcher*", "baker*", "bartender*", "sommelier*", "hostess", "concierge", "chauffeur*", "courier*", "dispatcher*", "forklift",
    "welder*", "machinist*", "fitter*", "roofer*", "bricklay*", "glazier*", "landscap*", "gardener*", "farmer*", "ranger*", "miner*", "driller*",
    "lineman", "installer*", "aviation", "avionics", "aircraft", "maintenance", "logistics", "supply chain", "procurement", "purchasing",
    "compliance", "regulatory", "underwrit*", "claims", "actuarial", "payroll", "bookkeeping", "copywrit*", "content writer*", "seo", "marketing",
    "sales", "customer service", "customer success", "support", "helpdesk", "it support", "sysadmin*", "cybersecurity", "security analyst*",
    "data analyst*", "data scientist*", "machine learning", "ml", "ai engineer*", "frontend", "backend", "full stack", "fullstack",
    "mobile developer*", "ios", "android developer*", "game dev*", "qa engineer*", "product owner*", "scrum master*", "business analyst*",
    "operations", "ops", "hr manager*", "recruitment", "talent acquisition", "civil service", "public sector", "nonprofit", "non profit", "ngo",
    "charity", "council", "government", "navy", "army", "police", "fire service", "nhs", "tourism", "fashion", "manufacturing", "construction",
    "energy sector", "oil and gas", "pharma", "biotech", "healthcare", "education", "academia", "research", "publishing", "journalism", "media",
    "advertising", "banking", "insurance", "real estate", "property", "legal sector", "theatre", "theater", "opera", "film industry",
    "music industry", "gaming", "e commerce", "ecommerce", "startup world", "consulting", "accountancy", "veterinary", "vet nurse*", "dental",
    "pharmacy", "social care", "childcare", "early years", "shipping", "maritime", "offshore", "rail", "transport", "trucking", "agriculture",
    "farming", "mining", "quarry", "utilities", "telecom*",
  ],

  // Careers in general.
  career: [
    "career*", "carrera*", "carriere*", "karriere*", "carreira*", "path", "paths", "trajectory", "direction", "future", "next step", "next move",
    "long term", "long run", "field", "industry", "sector", "profession*", "metier", "beruf*", "area", "domain", "freelanc*", "self employed",
    "selbststandig*", "autonomo", "independant", "contractor", "quereinstieg*", "einstieg", "arbeitslos*", "desempleado*", "desempregad*", "chomage",
    "workforce", "impostor", "imposter", "plan", "planning", "options", "five year", "5 year", "become", "becoming", "devenir", "werden",
    "convertirme", "tornar", "banna", "banne", "banun",
  ],
  change: [
    "enseignement", "prive", "demitido", "despedido*", "licencie*", "gekundigt", "entlassen", "fired", "let go", "switch*", "change*", "chang*",
    "transition*", "pivot*", "move into", "move from", "get into", "break into", "reconver*", "umschul*", "wechsel*", "mudar", "migrar", "cambiar*",
    "cambio", "changer", "quit", "quitting", "resign*", "leave", "leaving", "kundig*", "renunciar", "demissionner", "quitter", "chhod*", "badal*",
    "stay", "stuck", "bored", "unhappy", "hate", "estancad*", "ennuie", "resignation*", "notice period", "step down", "re enter", "back to work",
    "return to work", "volver a trabajar", "voltar ao mercado", "wiedereinstieg",
  ],
  growth: [
    "responsab*", "responsib*", "chef", "promot*", "raise", "hike", "ascenso", "aumento", "augmentation", "beforderung", "gehaltserhohung",
    "promocao", "senior", "lead", "manager", "management", "review", "appraisal", "performance", "visibility", "responsibilit*", "negotiat*",
    "counter", "offer", "offers", "negoci*", "verhandeln", "verhandle", "undervalued", "underpaid", "mentor*", "goals", "growth", "grow",
    "accomplishment*", "achievement*", "self review", "self assessment", "feedback", "recognition", "noticed", "valued", "valora", "reconna*",
    "appreciated", "crecer", "crescer", "evoluer", "weiterentwickeln", "title", "level up", "staff level", "secondment", "sabbatical", "rotation",
    "offered",
  ],
  learning: [
    "posgrad*", "pos graduacao", "gestao", "grad school", "postgrad*", "night school", "learn*", "course*", "certif*", "bootcamp*", "degree*",
    "master*", "mba", "phd", "skill*", "study", "studying", "upskill*", "reskill*", "curso*", "cours", "formation", "kurs*", "weiterbildung*",
    "zertifikat*", "ausbildung", "seekh*", "sikh*", "padhai", "estudiar", "estudar", "training", "portfolio", "side project*", "apprentice*",
    "university", "uni", "college", "faculdade", "universidad", "studium", "diploma", "pytorch", "tensorflow", "excel", "sql", "tableau", "power bi",
    "powerbi", "salesforce", "sap", "autocad", "photoshop", "figma", "kubernetes", "aws", "azure", "gcp", "docker", "react", "typescript", "acca",
    "cima", "cpa", "cfa", "pmp", "prince2", "itil", "nebosh", "cscs", "gwo", "stcw", "licen*", "license", "licence*", "qts",
  ],
  resume: [
    "resume", "resumes", "cv", "cvs", "lebenslauf", "curriculum", "curriculo", "cover letter", "linkedin", "profile", "headline", "summary section",
    "ats", "keywords", "references", "reference", "gap", "gaps", "about section", "bio", "recommendation", "portfolio",
  ],
  workplace: [
    "boss", "manager", "managers", "coworker*", "co worker*", "colleague*", "team", "teammate*", "jefe", "jefa", "chefe", "vorgesetzt*", "kolleg*",
    "collegue*", "office politics", "micromanag*", "one on one", "1 1", "burnout", "burned", "burnt", "overwork*", "workload", "stress*", "patron",
    "credit for my work", "undermin*",
  ],
  jobsearch: [
    "procurar", "buscar", "suche", "suchen", "chercher", "dhundh*", "job search", "job hunt*", "hunting", "recruiter*", "network*", "networking",
    "referral*", "headhunter*", "apply to", "applications", "cold email", "coffee chat", "informational", "unemploy*", "laid off", "first job",
    "entry level", "internship*", "estagio", "practicas", "stage", "naukri", "job dhund*", "job market", "mercado", "arbeitsmarkt", "open to work",
    "find a job", "get a job", "land a job", "buscar trabajo", "trouver un emploi", "encontrar trabalho",
  ],

  // What is out of scope.
  creative: [
    "poem*", "poet*", "haiku*", "sonnet*", "limerick*", "song*", "lyric*", "rap", "raps", "verse", "rhym*", "story", "stories", "joke*", "riddle*",
    "jingle*", "meme*", "lullab*", "toast", "eulog*", "poema*", "poeme*", "poesie", "gedicht*", "poesia", "piada*", "chiste*", "blague*", "witz*",
    "kavita", "shayari", "gaana", "gaane", "cancion*", "chanson*", "lied", "cuento", "fanfic*", "screenplay", "tweet", "caption*", "slogan*",
    "parody", "roast", "kahani", "historia de terror", "bedtime", "gutenachtgeschichte", "love letter", "carta de amor", "speech", "histoire drole",
    "conte",
  ],
  compose: [
    "write", "writing", "compose", "draft", "make up", "invent", "escribe*", "escrib*", "ecri*", "schreib*", "escrev*", "likho", "likh", "generate",
    "create", "draw", "faz", "haz", "fais", "design",
  ],
  invest: [
    "stock", "stocks", "share price", "crypto*", "bitcoin", "btc", "ethereum", "eth", "dogecoin", "invest*", "etf*", "index fund*", "trading",
    "dividend*", "forex", "acciones", "accion", "aktie*", "acoes", "criptomoeda*", "criptomoneda*", "bourse", "nft*", "gold", "mutual fund*", "sip",
    "savings", "mortgage", "loan", "earnings", "undervalued", "overvalued", "ticker", "dolar", "share market", "retirement", "ira", "roth",
    "credit score", "credit card", "interest rate", "get rich", "millionaire", "rich", "ameer", "reich", "buy shares", "sell shares", "shares in",
  ],
  medical: [
    "pain", "painful", "ache*", "headache*", "migraine*", "fever", "flu", "covid", "cough*", "sore", "rash", "symptom*", "diagnos*", "medic*",
    "medicine*", "pill*", "tablet*", "dose", "dosage", "ibuprofen", "paracetamol", "antidepress*", "supplement*", "vitamin*", "doctor", "treatment",
    "remed*", "sick", "illness", "disease", "injur*", "broke", "broken", "sprain*", "blood", "heart", "chest", "stomach", "tooth*", "insomnia",
    "sleeping pills", "palpitation*", "pregnan*", "dolor", "douleur", "schmerz*", "dor", "dores", "dard", "dawai", "dawa", "remedio*", "medicament*",
    "arzt", "tabletten", "khansi", "bukhar", "depress*", "vaccin*", "dizzy", "nausea", "allerg*", "asthma", "diabet*", "cancer", "lump",
    "side effect*", "eczema", "skin", "therapy", "sleep", "slept", "antibiotic*", "cholesterol", "hangover", "snor*", "fiebre", "fievre", "angine",
    "tos", "emagrecer", "lose weight", "perder peso", "weight loss", "abnehmen",
  ],
  legal: [
    "sue", "suing", "sued", "lawsuit*", "lawyer*", "attorney*", "legal", "legally", "illegal", "law", "laws", "court", "judge", "rights", "divorce*",
    "custody", "evict*", "landlord*", "tenant*", "lease", "ticket", "parking", "compensation claim", "abogad*", "avocat*", "anwalt*", "verklag*",
    "advogad*", "judicial", "juridico", "kanoon", "vakil", "police", "immigration", "contest*", "deport*", "citizenship", "unemployment benefits",
    "bankrupt*", "loophole*", "nda", "prenup", "will and testament", "green card", "dui", "scheidung", "casero", "fianza", "processar",
    "processo judicial", "demandar", "demande en justice",
  ],
  tax: [
    "tax", "taxes", "taxed", "irs", "vat", "deduct*", "steuer*", "impuesto*", "impot*", "imposto*", "itr", "tax return",
  ],
  hack: [
    "hack*", "password*", "passwort*", "contrasena*", "senha*", "bypass*", "spy", "spying", "stalk*", "tracking", "phish*", "exploit*", "crack*",
    "keylog*", "jailbreak*", "access", "without login", "without a login", "without an account", "scrape*", "scraping", "leak*", "ddos", "malware",
    "virus", "ransomware", "pirat*", "hackear", "dox*", "read my", "wifi", "vpn", "paywall", "unlock", "anonymous*", "who reviewed", "unmask*",
    "reverse engineer", "without them knowing", "secretly", "entrar en el correo", "servers", "admin panel", "admin account", "track someone",
    "track my partner", "track the location",
  ],
  private_data: [
    "address", "home address", "cell", "mobile", "personal", "private", "girlfriend", "boyfriend", "wife", "husband", "married", "single", "dating",
    "religion", "gay", "pregnant", "lives", "salary of", "emails", "whatsapp", "instagram", "kids", "children", "where does she live",
    "where does he live", "how old", "phone number", "cell number", "mobile number", "personal number", "years old", "his family", "her family",
  ],
  code_task: [
    "python", "javascript", "java", "regex", "function", "script", "code", "coding", "debug", "bug", "compile", "bash", "sql query", "query",
    "excel macro", "macro", "api", "app", "website", "html", "css", "linked list", "algorithm", "error", "windows", "iphone", "android",
    "chrome extension", "dashboard", "spreadsheet formula",
  ],
  homework: [
    "homework", "assignment*", "essay*", "exam", "exams", "test", "equation*", "solve", "math*", "integral*", "derivative*", "calculus", "physics",
    "chemistry", "tarea*", "deberes", "devoir*", "hausaufgabe*", "licao", "dever", "cheat*", "plagiar*", "thesis", "dissertation", "worksheet",
    "book report", "school project",
  ],
  fake: [
    "fake", "forge*", "forged", "counterfeit", "fraud*", "falsif*", "fals*", "faux", "fausse", "gefalscht*", "impersonat*", "bot", "bots", "spam*",
    "lie on", "made up",
  ],
  everyday: [
    "recipe*", "cook*", "bake", "baking", "cake", "pizza", "pasta", "dinner", "lunch", "breakfast", "restaurant*", "food", "eat", "egg*", "coffee",
    "receta*", "recette*", "rezept*", "receita*", "bolo", "khana", "weather", "forecast", "rain", "snow", "temperature", "clima", "tiempo", "meteo",
    "wetter", "mausam", "tempo", "movie*", "film*", "series", "netflix", "book", "books", "novel", "game", "games", "music", "podcast*", "pelicula*",
    "filme*", "spotify", "gift*", "shopping", "buy", "laptop", "phone", "car", "dog", "cat", "pet", "garden*", "plant*", "workout*", "gym", "diet",
    "weight", "protein", "horoscope*", "zodiac", "astrolog*", "lottery", "wedding", "birthday", "party", "beach*", "swim*", "logo", "discount code*",
    "coupon*", "time is it", "store", "opening hours", "menu", "delivery", "deliver", "refund", "membership", "tickets", "youtube", "tiktok",
    "followers", "famous", "hobby", "hobbies", "guitar", "piano", "chess", "yoga", "marathon", "smoking", "drinking", "wine", "beer", "chai",
    "biryani", "kochen", "cuisine", "cocinar", "cozinhar", "fahrrad", "velo", "bici*", "apartment", "rent", "furniture", "plumber", "baby", "toddler",
  ],
  travel: [
    "flight*", "hotel*", "trip", "trips", "vacation", "holiday", "itinerar*", "taxi", "uber", "cab", "train ticket*", "airline*", "airport", "vuelo*",
    "voyage*", "reise*", "viagem", "passport", "booking", "book me", "reserve*", "reservation*", "table for", "flug", "passagem", "baggage",
    "luggage", "check in", "visit", "backpack*", "tourist",
  ],
  sports_trivia: [
    "football", "soccer", "cricket", "ipl", "nba", "nfl", "score", "scored", "goals", "world cup", "champions league", "messi", "ronaldo", "olympic*",
    "capital", "population", "planet*", "moon", "mars", "sun", "earth", "earthquake*", "volcano*", "speed of", "gravity", "relativity", "quantum",
    "photosynthesis", "dinosaur*", "war", "ww2", "wwii", "revolution", "empire", "president", "election*", "politic*", "tallest", "biggest",
    "largest", "who invented", "who painted", "who won", "hauptstadt", "capitale", "boiling", "universe", "spider*", "animal*", "inflation",
    "origin of", "etymolog*", "airplane*", "prime minister", "vote", "religion", "communism", "capitalism", "big bang", "yawn", "sky", "ocean",
    "river", "mountain", "mundial", "wm", "real madrid", "trivia", "meaning of life", "sinn des lebens", "plane", "planes", "stay in the air",
  ],
  relationships: [
    "date", "dating", "tinder", "bumble", "breakup", "break up", "crush", "romantic", "girlfriend", "boyfriend", "marry", "propose", "flirt*",
    "ask out", "ask her out", "ask him out", "cute", "attractive", "hot", "novia", "novio", "namorad*", "liebe", "amour", "friendship",
  ],
  injection: [
    "ignore", "instructions", "system prompt", "prompt", "developer mode", "jailbreak", "pretend", "no rules", "without restrictions", "dan",
    "chatgpt", "gpt", "claude", "openai", "llm", "are you", "who made you", "who created you", "your rules", "hidden rules", "verbatim", "roleplay",
    "override", "disregard", "unfiltered", "sentient", "conscious", "feelings", "what can you do", "repeat the text",
  ],
  translate: [
    "translate*", "translation*", "tradu*", "ubersetz*", "proofread*", "in japanese", "in spanish", "in french", "in german", "in hindi", "in polish",
  ],
  chatter: [
    "hi", "hello", "hey", "hola", "bonjour", "hallo", "ola", "namaste", "test", "testing", "lol", "ok", "okay", "thanks", "thank", "bye", "yo", "sup",
    "hmm", "bored", "boring", "nothing", "never mind", "whatever", "good morning", "good night",
  ],
};

interface Phrase {
  /** rest are the words after the first, the last of which is a prefix when lastIsPrefix. */
  rest: string[];
  lastIsPrefix: boolean;
  id: number;
}

/**
 * ConceptMatcher finds the concepts of a normalized text: whole words, word prefixes and phrases.
 * The found concept ids go into a buffer that every call reuses.
 */
export class ConceptMatcher {
  readonly names: readonly string[];
  /** found holds the concept ids of the last match. */
  readonly found: Int32Array;
  private readonly exact = new Map<string, number[]>();
  private readonly prefix = new Map<string, number[]>();
  /** phrases are keyed by their first word. */
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly seen: Uint8Array;
  private minPrefix = Infinity;
  private maxPrefix = 0;

  constructor(concepts: Record<string, readonly string[]> = CONCEPTS) {
    this.names = Object.keys(concepts);
    this.found = new Int32Array(this.names.length);
    this.seen = new Uint8Array(this.names.length);
    const add = <T>(map: Map<string, T[]>, key: string, item: T) => map.set(key, [...(map.get(key) ?? []), item]);
    this.names.forEach((name, id) => {
      for (const entry of concepts[name]!) {
        const [first, ...rest] = entry.split(" ");
        if (rest.length > 0) {
          const lastIsPrefix = entry.endsWith("*");
          if (lastIsPrefix) rest[rest.length - 1] = rest[rest.length - 1]!.slice(0, -1);
          add(this.phrases, first!, { rest, lastIsPrefix, id });
        } else if (entry.endsWith("*")) {
          const p = entry.slice(0, -1);
          add(this.prefix, p, id);
          this.minPrefix = Math.min(this.minPrefix, p.length);
          this.maxPrefix = Math.max(this.maxPrefix, p.length);
        } else add(this.exact, entry, id);
      }
    });
  }

  /** match fills found with the distinct concept ids of words, in order of first appearance, and returns their number. */
  match(words: readonly string[]): number {
    this.seen.fill(0);
    let n = 0;
    const take = (id: number) => {
      if (this.seen[id] === 0) {
        this.seen[id] = 1;
        this.found[n++] = id;
      }
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      for (const id of this.exact.get(w) ?? []) take(id);
      for (let len = Math.min(w.length, this.maxPrefix); len >= this.minPrefix; len--) {
        for (const id of this.prefix.get(len === w.length ? w : w.slice(0, len)) ?? []) take(id);
      }
      for (const p of this.phrases.get(w) ?? []) if (this.phraseAt(words, i + 1, p)) take(p.id);
    }
    return n;
  }

  private phraseAt(words: readonly string[], start: number, p: Phrase): boolean {
    const last = p.rest.length - 1;
    if (start + last >= words.length) return false;
    for (let k = 0; k < last; k++) if (words[start + k] !== p.rest[k]) return false;
    const word = words[start + last]!;
    return p.lastIsPrefix ? word.startsWith(p.rest[last]!) : word === p.rest[last];
  }
}
