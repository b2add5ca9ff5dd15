/** Names, places and sentence templates the dataset's text is written from. */

export const FIRST_NAMES = [
  "Aisha", "Mateo", "Priya", "Liam", "Mei", "Oluwaseun", "Sofia", "Hiroshi", "Fatima", "Noah", "Amara", "Diego",
  "Ingrid", "Kwame", "Yuki", "Elena", "Rahul", "Chloe", "Tomasz", "Leila", "Samuel", "Ana", "Jae-won", "Zara",
  "Ethan", "Nadia", "Carlos", "Grace", "Arjun", "Hana", "Omar", "Emma", "Thabo", "Lucia", "Kenji", "Maya", "Ibrahim",
  "Isabel", "Daniel", "Anh", "Malik", "Sara", "Lars", "Chiamaka", "Gabriel", "Ayesha", "Felix", "Mariana", "Ravi",
  "Olivia", "Tariq", "Camille", "Wei", "Esther", "Jonas", "Adaeze", "Marco", "Freya", "Vikram", "Rosa", "Aaron",
  "Nia", "Sebastián", "Keiko", "Yusuf", "Hannah", "Andrés", "Mina", "David", "Thandiwe", "Lukas", "Ines", "Kofi",
  "Julia", "Sanjay", "Amélie", "Benjamin", "Zainab", "Mikhail", "Laila", "Chen", "Rebecca", "Emeka", "Astrid",
  "Jamal", "Valentina", "Ryo", "Naomi", "Pedro", "Siobhan", "Ahmed", "Lina", "Jordan", "Ife", "Nikhil", "Clara",
  "Marcus", "Parisa", "Tomás", "Alana",
];

export const LAST_NAMES = [
  "Okafor", "García", "Sharma", "Nguyen", "Kowalski", "Chen", "Hassan", "Müller", "Tanaka", "Silva", "Johnson",
  "Mensah", "Rossi", "Kim", "Patel", "Andersson", "Haddad", "O'Brien", "Fernández", "Adeyemi", "Novak", "Ito",
  "Rahman", "Dubois", "Williams", "Mahlangu", "Park", "Costa", "Singh", "Lindqvist", "Ortiz", "Nakamura", "Abdi",
  "Schmidt", "Reyes", "Osei", "Kaur", "Moreau", "Brown", "Wang", "Ivanova", "Achebe", "Lopez", "Suzuki", "Farah",
  "Jansen", "Bianchi", "Mwangi", "Cohen", "Yilmaz", "Hernández", "Das", "Eriksen", "Okonkwo", "Santos", "Liu",
  "Petrov", "Kariuki", "Martin", "Sato", "Ali", "Walker", "Iyer", "Nowak", "Ramírez", "Boateng", "Fischer", "Zhang",
  "Gonzalez", "Murphy", "Khan", "Delgado", "Takahashi", "Nkosi", "Larsen", "Ahmed", "Rivera", "Huang", "Mendes",
  "Bauer", "Owusu", "Torres", "Yamamoto", "Begum", "Lambert", "Volkov", "Hughes", "Chowdhury", "Vargas", "Lee",
  "Becker", "Eze", "Moreno", "Kapoor", "Sørensen", "Diallo", "Alvarez", "Shapiro", "Mokoena", "Castillo",
];

export interface City {
  name: string;
  currency: string;
  /** pay is the local pay level relative to US dollars, in the local currency. */
  pay: number;
}

export const CITIES: readonly City[] = [
  { name: "San Francisco, CA", currency: "USD", pay: 1.15 },
  { name: "New York, NY", currency: "USD", pay: 1.12 },
  { name: "Seattle, WA", currency: "USD", pay: 1.1 },
  { name: "Austin, TX", currency: "USD", pay: 0.98 },
  { name: "Boston, MA", currency: "USD", pay: 1.05 },
  { name: "Chicago, IL", currency: "USD", pay: 0.97 },
  { name: "Denver, CO", currency: "USD", pay: 0.96 },
  { name: "Atlanta, GA", currency: "USD", pay: 0.93 },
  { name: "Raleigh, NC", currency: "USD", pay: 0.9 },
  { name: "Pittsburgh, PA", currency: "USD", pay: 0.88 },
  { name: "Minneapolis, MN", currency: "USD", pay: 0.9 },
  { name: "Toronto, Canada", currency: "CAD", pay: 1.05 },
  { name: "Vancouver, Canada", currency: "CAD", pay: 1.02 },
  { name: "Montreal, Canada", currency: "CAD", pay: 0.95 },
  { name: "London, United Kingdom", currency: "GBP", pay: 0.62 },
  { name: "Manchester, United Kingdom", currency: "GBP", pay: 0.52 },
  { name: "Dublin, Ireland", currency: "EUR", pay: 0.68 },
  { name: "Berlin, Germany", currency: "EUR", pay: 0.62 },
  { name: "Munich, Germany", currency: "EUR", pay: 0.68 },
  { name: "Amsterdam, Netherlands", currency: "EUR", pay: 0.65 },
  { name: "Paris, France", currency: "EUR", pay: 0.58 },
  { name: "Madrid, Spain", currency: "EUR", pay: 0.45 },
  { name: "Lisbon, Portugal", currency: "EUR", pay: 0.4 },
  { name: "Stockholm, Sweden", currency: "SEK", pay: 6.8 },
  { name: "Warsaw, Poland", currency: "PLN", pay: 1.9 },
  { name: "Zurich, Switzerland", currency: "CHF", pay: 0.95 },
  { name: "Tel Aviv, Israel", currency: "ILS", pay: 2.6 },
  { name: "Dubai, United Arab Emirates", currency: "AED", pay: 2.9 },
  { name: "Bengaluru, India", currency: "INR", pay: 22 },
  { name: "Hyderabad, India", currency: "INR", pay: 20 },
  { name: "Singapore", currency: "SGD", pay: 1.05 },
  { name: "Tokyo, Japan", currency: "JPY", pay: 95 },
  { name: "Seoul, South Korea", currency: "KRW", pay: 850 },
  { name: "Sydney, Australia", currency: "AUD", pay: 1.25 },
  { name: "Melbourne, Australia", currency: "AUD", pay: 1.18 },
  { name: "São Paulo, Brazil", currency: "BRL", pay: 1.8 },
  { name: "Mexico City, Mexico", currency: "MXN", pay: 7.5 },
  { name: "Nairobi, Kenya", currency: "KES", pay: 28 },
  { name: "Lagos, Nigeria", currency: "NGN", pay: 180 },
  { name: "Cape Town, South Africa", currency: "ZAR", pay: 5.2 },
];

export const SCHOOLS = [
  "University of Michigan", "Georgia Institute of Technology", "University of Toronto", "University of Manchester",
  "Technical University of Munich", "University of São Paulo", "Indian Institute of Technology Bombay",
  "National University of Singapore", "University of Cape Town", "University of Nairobi", "University of Lagos",
  "University of Washington", "Carnegie Mellon University", "Universidad de Buenos Aires", "University of Melbourne",
  "KTH Royal Institute of Technology", "Delft University of Technology", "Trinity College Dublin", "McGill University",
  "University of Texas at Austin", "Seoul National University", "University of Tokyo", "Arizona State University",
  "Ohio State University", "University of Edinburgh", "Sorbonne University", "University of Warsaw",
  "Universidad Nacional Autónoma de México", "Monash University", "University of Illinois Urbana-Champaign",
  "Northeastern University", "University of British Columbia", "Tel Aviv University", "Politecnico di Milano",
  "Community College of Denver", "Western Governors University",
];

export const DEGREES_BY_LEVEL = {
  associate: ["Associate of Science", "Associate of Applied Science"],
  bachelor: ["Bachelor of Science", "Bachelor of Arts", "Bachelor of Engineering"],
  master: ["Master of Science", "Master of Arts", "MBA", "Master of Engineering"],
  doctorate: ["PhD"],
} as const;

export const HEADLINE_TEMPLATES = [
  "{title} at {company}",
  "{title} at {company} | {skill1}, {skill2} and {skill3}",
  "{title} · {skill1} · {skill2}",
  "{title} helping {customers} with {skill1}",
  "{title} at {company} — passionate about {skill1} and {skill2}",
  "{title} | {years}+ years in {industry}",
];

export const SUMMARY_OPENERS = [
  "I am a {title} with {years} years of experience in {industry}.",
  "{years} years into my career in {industry}, I work as a {title} at {company}.",
  "I have spent the last {years} years working in {industry}, most recently as a {title}.",
];

export const SUMMARY_MIDDLES = [
  "My work centres on {skill1} and {skill2}, and I care about doing it in a way that lasts.",
  "Day to day I use {skill1}, {skill2} and {skill3} to {duty}.",
  "Most of my time goes into helping teams {duty}, with {skill1} as my core strength.",
  "I enjoy problems where {skill1} meets {skill2}, and I like to {duty}.",
];

export const SUMMARY_CLOSERS = [
  "Outside work I mentor people who are new to the field.",
  "I am always happy to talk about {skill1} or share what I have learned.",
  "Lately I have been learning {learning}.",
  "I volunteer with a local nonprofit that teaches digital skills.",
  "I believe the best teams are built on trust, curiosity and clear writing.",
];

export interface Topic {
  tag: string;
  categories: readonly string[];
  titles: readonly string[];
  sentences: readonly string[];
}

export const TOPICS: readonly Topic[] = [
  {
    tag: "accessibility", categories: ["software", "design"],
    titles: ["What a screen reader taught me about our checkout flow", "Accessibility is a product quality, not a checklist", "Five accessibility fixes that took less than a day", "Why we test every release with a keyboard only"],
    sentences: [
      "We spent a week testing our product with a screen reader and found problems no automated tool had flagged.",
      "Most accessibility bugs we fix are missing labels, broken focus order and colour contrast below WCAG AA.",
      "Adding an accessibility check to CI caught three regressions in its first month.",
      "Inviting people with disabilities to usability sessions changed how our whole team thinks about design.",
      "Accessible components in the design system meant every team got the fixes for free.",
      "Around one in five people has a disability, so this is not an edge case.",
      "Keyboard-only navigation is the quickest test anyone on the team can run today.",
    ],
  },
  {
    tag: "ai", categories: ["ai", "data", "software", "product"],
    titles: ["What we learned shipping our first LLM feature", "Evaluation sets matter more than the model", "Retrieval beats fine-tuning for most of our use cases", "Guardrails for language-model features, in practice"],
    sentences: [
      "We shipped our first language-model feature this quarter, and evaluation took more time than the prompts did.",
      "A small, hand-labelled evaluation set caught more problems than any public benchmark.",
      "Grounding answers in retrieved documents cut made-up answers dramatically in our tests.",
      "Streaming the first token quickly matters more to users than the total response time.",
      "Every model call now has a budget for latency and cost, and we alert when either drifts.",
      "We treat tool results as untrusted input, which stopped a whole class of prompt injection.",
      "The hardest part was not the model but deciding what a good answer looks like.",
    ],
  },
  {
    tag: "careers", categories: ["software", "data", "design", "product", "marketing", "sales", "finance", "healthcare", "operations", "people", "education"],
    titles: ["What I wish I knew before my first job change", "How I moved into {category} without starting over", "Three questions to ask in every interview", "Career growth is not always a promotion"],
    sentences: [
      "After {years} years in the same role, I finally made a move, and it was less scary than I expected.",
      "The skills that transferred best were the ones I never put on my resume: writing, listening and follow-through.",
      "I asked every interviewer what a great first ninety days would look like, and the answers told me a lot.",
      "A lateral move taught me more in one year than the previous three combined.",
      "Mentors helped, but a sponsor who spoke up for me in the room made the difference.",
      "If you are thinking about a change, talk to five people already doing the job first.",
    ],
  },
  {
    tag: "remote work", categories: ["software", "product", "marketing", "people", "sales"],
    titles: ["Two years of running a fully remote team", "Remote work needs more writing, not more meetings", "How we onboard new hires remotely"],
    sentences: [
      "Our team spans {zones} time zones, so we default to written updates instead of meetings.",
      "Decision documents replaced most of our status calls and made onboarding far easier.",
      "We meet in person twice a year, and those weeks are for planning and relationships, not heads-down work.",
      "New hires get a buddy and a written first-week plan before their laptop arrives.",
      "Remote work only works when managers judge outcomes rather than online status.",
    ],
  },
  {
    tag: "hiring", categories: ["people", "software", "leadership", "sales"],
    titles: ["Structured interviews made our hiring fairer", "We removed the take-home test; here is what happened", "Writing job descriptions people actually read"],
    sentences: [
      "We moved to structured interviews with a shared rubric, and disagreement between interviewers dropped sharply.",
      "Listing salary ranges in every job post doubled the number of qualified applicants.",
      "We replaced a long take-home test with a paid, two-hour pairing session.",
      "Every candidate now gets feedback within five working days, even when the answer is no.",
      "Cutting the list of requirements to the five that matter brought in a more diverse pool.",
    ],
  },
  {
    tag: "leadership", categories: ["leadership", "product", "software", "operations", "sales"],
    titles: ["My first year as a manager", "The one-on-one template I keep coming back to", "Delegation is a skill you have to practise"],
    sentences: [
      "My first year as a manager taught me that my calendar is now the team's most important tool.",
      "I ask the same three questions in every one-on-one: what is going well, what is blocking you, and what should I know.",
      "Giving feedback early and privately saves everyone a hard conversation later.",
      "Delegating outcomes instead of tasks gave my team room to surprise me.",
      "The best leaders I have worked with say \"I don't know\" more often than anyone else in the room.",
    ],
  },
  {
    tag: "kubernetes", categories: ["cloud", "software"],
    titles: ["Running Kubernetes at scale: lessons from a year of incidents", "Autoscaling on the right signal", "Our platform's golden path to production"],
    sentences: [
      "We moved {n} services to Kubernetes last year and cut our deploy time from an hour to eight minutes.",
      "Autoscaling on CPU was the wrong signal for us; queue depth worked far better.",
      "Resource requests that match reality saved us more money than any reserved-instance deal.",
      "Readiness probes that check real dependencies prevented most of our bad rollouts.",
      "A golden-path template gets a new service to production on its first day.",
      "Our biggest incident came from a config change, not code, so configs now go through review too.",
    ],
  },
  {
    tag: "observability", categories: ["cloud", "software"],
    titles: ["SLOs changed how we talk about reliability", "Tracing found the bug our logs could not", "Alert fatigue is a design problem"],
    sentences: [
      "Defining SLOs with product turned reliability from an argument into a budget.",
      "Distributed tracing showed that half of our latency came from one chatty dependency.",
      "We deleted forty percent of our alerts and our on-call engineers started sleeping again.",
      "Every alert now links to a runbook, or it does not page anyone.",
      "OpenTelemetry let us switch vendors without touching application code.",
    ],
  },
  {
    tag: "data engineering", categories: ["data", "ai"],
    titles: ["Data contracts saved our dashboards", "From nightly batches to streaming, and back again", "Why we test our SQL"],
    sentences: [
      "Data contracts between producers and the warehouse stopped schema changes from breaking dashboards.",
      "We moved some pipelines to streaming and then moved half of them back to hourly batches.",
      "dbt tests on our core models catch bad data before any analyst sees it.",
      "Clear ownership for every table did more for data quality than any tool.",
      "Query costs fell by a third once we partitioned the largest tables properly.",
    ],
  },
  {
    tag: "product management", categories: ["product", "design", "software"],
    titles: ["Say no to most feature requests", "How we run product discovery in two weeks", "Metrics that actually changed our roadmap"],
    sentences: [
      "We talk to at least five customers before we write a single line of a spec.",
      "Saying no to good ideas is most of the job; saying why is the rest.",
      "Our roadmap lists problems and outcomes, not features and dates.",
      "A two-week discovery sprint killed a project that would have taken two quarters.",
      "The metric that mattered most was not usage but how often people came back.",
    ],
  },
  {
    tag: "design systems", categories: ["design", "software"],
    titles: ["Our design system, one year in", "Design tokens made dark mode a one-week project", "Contribution models for design systems"],
    sentences: [
      "Our design system now covers {n} components and most teams build new screens without custom CSS.",
      "Design tokens turned a theme change from a quarter of work into a week.",
      "We treat the design system as a product, with its own roadmap and support hours.",
      "Documenting when not to use a component was as useful as documenting how to use it.",
      "Building accessibility into each component meant every product inherited it.",
    ],
  },
  {
    tag: "security", categories: ["security", "cloud", "software"],
    titles: ["Threat modelling in thirty minutes", "What our last penetration test found", "Phishing-resistant sign-in for everyone"],
    sentences: [
      "A thirty-minute threat model at design time costs far less than a fix after launch.",
      "Our last penetration test found nothing critical, mostly because of boring habits like patching on time.",
      "Moving everyone to hardware security keys ended our account takeover incidents.",
      "Most cloud breaches still start with a misconfigured bucket or an over-privileged key.",
      "We run a tabletop exercise every quarter so incident response is muscle memory.",
    ],
  },
  {
    tag: "nursing", categories: ["healthcare"],
    titles: ["Notes from twelve years at the bedside", "What new graduate nurses need in their first year", "Safe staffing is patient safety"],
    sentences: [
      "After {years} years at the bedside, I still learn something from my patients every shift.",
      "Good handoffs between shifts prevent more errors than any new piece of equipment.",
      "Precepting new graduate nurses is the most rewarding part of my job.",
      "Safe staffing ratios are a patient safety issue, not a budget line.",
      "Telehealth follow-ups have cut readmissions for our heart failure patients.",
      "Documentation in the EHR takes too long, and we are piloting ways to cut it down.",
    ],
  },
  {
    tag: "healthcare", categories: ["healthcare", "data"],
    titles: ["How remote monitoring changed our chronic care program", "Clinical trials need more diverse participants", "Data in healthcare: start with the workflow"],
    sentences: [
      "Remote monitoring let our care team spot warning signs days earlier.",
      "We redesigned our trial recruitment with community clinics and doubled diverse enrolment.",
      "Health data projects succeed when they start from the clinician's workflow, not the dashboard.",
      "Clear discharge instructions in plain language reduced follow-up calls.",
      "Interoperability between systems is still the hardest problem in our hospital.",
    ],
  },
  {
    tag: "sales", categories: ["sales", "marketing"],
    titles: ["Negotiation lessons from a hundred enterprise deals", "Discovery calls that actually discover something", "Why I stopped discounting at the end of the quarter"],
    sentences: [
      "The best negotiations I have had started with understanding what the buyer could not give up.",
      "I stopped leading with discounts and started leading with the cost of doing nothing.",
      "A good discovery call is eighty percent listening and twenty percent asking better questions.",
      "Mutual action plans turned our stalled deals into closed ones.",
      "Customer success and sales sharing one account plan cut our churn noticeably.",
    ],
  },
  {
    tag: "marketing", categories: ["marketing", "design"],
    titles: ["Content that earns attention", "Our SEO experiment, six months later", "Brand is what people say when you leave the room"],
    sentences: [
      "We published fewer articles this year and traffic went up, because each one answered a real question.",
      "Six months of SEO work paid off once we fixed site speed and internal links.",
      "Email still drives more of our revenue than any social channel.",
      "Talking to customers gave us better headlines than any brainstorm.",
      "A clear positioning statement made every campaign easier to write.",
    ],
  },
  {
    tag: "finance", categories: ["finance"],
    titles: ["Closing the books in five days", "Forecasts are for decisions, not precision", "What finance teams can learn from engineers"],
    sentences: [
      "We cut our month-end close from twelve days to five by automating reconciliations.",
      "A forecast is useful when it changes a decision, not when it is precise to the dollar.",
      "Scenario models helped leadership plan hiring through an uncertain year.",
      "Version control for our financial models ended the era of final_v7.xlsx.",
      "Strong internal controls made our first audit uneventful, which is the goal.",
    ],
  },
  {
    tag: "supply chain", categories: ["operations", "engineering"],
    titles: ["Resilient supply chains start with suppliers", "Inventory is a bet on the future", "Lean lessons from the warehouse floor"],
    sentences: [
      "Dual-sourcing our critical parts cost a little more and saved us during last year's shortage.",
      "Better demand forecasts let us carry less inventory without more stockouts.",
      "The people on the warehouse floor had the best ideas for improving our throughput.",
      "Small, daily kaizen improvements added up to a double-digit gain in productivity.",
      "Visibility into shipments matters most when something goes wrong.",
    ],
  },
  {
    tag: "robotics", categories: ["engineering", "ai", "operations"],
    titles: ["Robots that share the floor with people", "From prototype to one hundred robots in the field", "Field testing is where robotics gets real"],
    sentences: [
      "Our robots now work alongside people on the same warehouse floor, and safety shaped every design decision.",
      "Going from one prototype to a fleet of {n} robots was mostly a manufacturing and support problem.",
      "Field tests at customer sites revealed failure modes the simulator never showed.",
      "Simple, predictable robot behaviour builds more trust with workers than clever behaviour.",
      "Remote monitoring lets a small team support robots in dozens of buildings.",
    ],
  },
  {
    tag: "sustainability", categories: ["sustainability", "operations", "finance"],
    titles: ["Measuring emissions honestly", "What battery storage means for the grid", "Decarbonising a supply chain, one supplier at a time"],
    sentences: [
      "Most of our emissions come from suppliers, so that is where our program now focuses.",
      "Battery storage is turning solar from a daytime resource into an evening one.",
      "We publish our carbon accounting method so anyone can check our numbers.",
      "Heat pumps and efficiency upgrades paid for themselves faster than we expected.",
      "Reporting is the easy part; cutting emissions is the work.",
    ],
  },
  {
    tag: "learning", categories: ["education", "people", "software", "data", "design"],
    titles: ["How I learn a new skill in thirty days", "Teaching made me better at my job", "Courses are a start, projects are the proof"],
    sentences: [
      "I learn fastest when I pair a short course with a small project I actually care about.",
      "Teaching a topic to colleagues showed me exactly where my own understanding was thin.",
      "Our team sets aside Friday afternoons for learning, and it shows in our work.",
      "Certificates open doors, but a portfolio of real work keeps them open.",
      "Adults learn best when lessons connect to problems they face this week.",
    ],
  },
];

export const POST_CLOSERS = [
  "How does your team handle this?",
  "Curious to hear what has worked for you.",
  "What would you add?",
  "If this resonates, I am happy to compare notes.",
  "More on this soon.",
];

export const LINK_HOSTS = ["https://blog.example.com", "https://news.example.com", "https://engineering.example.org", "https://docs.example.net"];

export const COURSE_PROVIDERS = [
  "Springboard Learning", "Coursewise", "Open Campus", "Skillforge", "Learnwell", "TechTrack Academy", "CareerLab",
  "Northwind Academy", "University Extension Online", "Brightpath Institute",
];

export const COURSE_TITLES = {
  beginner: ["{skill} Fundamentals", "Introduction to {skill}", "{skill} for Beginners", "Getting Started with {skill}", "{skill} Essentials"],
  intermediate: ["Practical {skill}", "{skill} in Practice", "Hands-On {skill}: Real-World Projects", "{skill} and {skill2} for {audience}", "Applied {skill}"],
  advanced: ["Advanced {skill}", "Mastering {skill}", "{skill} at Scale", "Expert {skill}: Patterns and Pitfalls", "Advanced {skill} and {skill2}"],
} as const;

export const COURSE_AUDIENCES: Record<string, string> = {
  software: "Software Engineers", cloud: "Platform Teams", data: "Analysts", ai: "Engineers", security: "Defenders",
  design: "Designers", product: "Product Managers", marketing: "Marketers", sales: "Sales Teams", finance: "Finance Professionals",
  healthcare: "Healthcare Professionals", operations: "Operations Leaders", engineering: "Engineers", people: "HR Professionals",
  leadership: "New Managers", education: "Educators", legal: "Legal Teams", sustainability: "Sustainability Teams",
};

/** NEWS_SOURCES are the general outlets; specialised ones are named by the templates and industries. */
export const NEWS_SOURCES = ["Tech Current", "The Daily Ledger", "Workplace Wire", "Market Pulse"];

export interface NewsTemplate {
  title: string;
  snippet: string;
  source?: string;
}

export const COMPANY_NEWS: readonly NewsTemplate[] = [
  { title: "{company} raises ${n}M Series {round} to expand {industry} business", snippet: "{company}, which {pitch}, said it will use the new funding to hire across engineering and sales and to open an office in {city}." },
  { title: "{company} plans to hire {hires} people in {city} by next year", snippet: "The {industry} company said the roles span {skill}, {skill2} and customer support, with about a third open to remote candidates." },
  { title: "{company} restructures {team} team, cutting {p}% of roles", snippet: "{company} said the change lets it focus on its core {industry} products; affected employees receive severance and job-placement support." },
  { title: "{company} launches {skill}-powered tools for {customers}", snippet: "The new offering from {company}, which {pitch}, is available today in {city} and will roll out to other markets next year." },
  { title: "{company} names new chief executive", snippet: "The {industry} company said its new chief executive will focus on growth in {city} and on building out its {skill} capabilities." },
  { title: "{company} opens new office in {city}", snippet: "{company} expects the {city} office to house {hires} employees within two years, mostly in {skill} and {skill2} roles." },
];

export const TREND_NEWS: readonly NewsTemplate[] = [
  { title: "Demand for {skill} skills up {p}% year over year, report finds", snippet: "Job postings asking for {skill} grew {p}% over the past year, with the sharpest growth in {industry}, according to a new labour-market report." },
  { title: "Employers in {industry} turn to {skill} to close talent gaps", snippet: "Hiring managers say candidates who combine {skill} with {skill2} are hardest to find, and salaries for those roles are rising." },
  { title: "Survey: {p}% of {industry} workers would switch jobs for remote flexibility", snippet: "The survey of 5,000 workers found flexibility now ranks just behind pay, with {industry} employees the most likely to move." },
  { title: "How {industry} teams are putting large language models to work", snippet: "From drafting documents to answering customer questions, companies report gains, but say evaluation and data quality are the hard part.", source: "Data & AI Brief" },
  { title: "Salary transparency spreads in {industry} as job posts add pay ranges", snippet: "More job listings now include pay ranges; employers in {industry} report more applicants and fewer late-stage withdrawals." },
  { title: "Skills-based hiring gains ground as degree requirements fall", snippet: "A growing share of {industry} employers dropped degree requirements for roles that need {skill}, focusing on demonstrated skills instead." },
  { title: "Accessibility lawsuits rise, pushing {industry} companies to fix their websites", snippet: "Legal experts say most complaints cite missing alt text, keyboard traps and poor contrast, problems that WCAG audits catch early." },
  { title: "{city} hospitals see nursing shortage ease, but critical care gaps remain", snippet: "Hospitals report more applicants for registered nurse roles this year, but vacancies in critical care and emergency departments remain high.", source: "Health Systems Today" },
  { title: "Kubernetes adoption grows among {industry} companies as platform teams mature", snippet: "Platform engineering teams report faster deploys and lower costs, though many say platform engineering and site reliability skills remain scarce." },
  { title: "Layoffs slow in {industry} as hiring picks up for {skill} roles", snippet: "Announced job cuts fell for the third straight month, while postings for {skill} and {skill2} roles rose." },
];
