/** The skills taxonomy, the industries and the roles the dataset is generated from. */

export const SKILLS_BY_CATEGORY: Record<string, readonly string[]> = {
  software: [
    "TypeScript", "JavaScript", "Python", "Java", "Go", "Rust", "C++", "C#", "Kotlin", "Swift", "Ruby", "PHP",
    "Scala", "Elixir", "React", "Angular", "Vue.js", "Node.js", "Next.js", "Svelte", "GraphQL", "REST APIs",
    "gRPC", "Spring Boot", "Django", "Flask", "FastAPI", "Ruby on Rails", ".NET", "HTML", "CSS", "Tailwind CSS",
    "Redux", "WebAssembly", "Microservices", "Distributed systems", "System design", "Object-oriented design",
    "Functional programming", "Unit testing", "Test-driven development", "Integration testing", "End-to-end testing",
    "Code review", "Git", "CI/CD", "Debugging", "Performance optimization", "API design", "Software architecture",
    "Domain-driven design", "Event-driven architecture", "Concurrency", "iOS development", "Android development",
    "React Native", "Flutter", "Web performance", "Accessibility", "WCAG", "Screen reader testing", "Web security",
    "OAuth", "Design patterns", "Refactoring", "Technical writing", "Open source", "Embedded C", "Firmware development",
    "Bash", "Playwright", "Cypress", "Jest", "Webpack", "Vite", "Protocol Buffers", "WebSockets", "Game development",
    "Unity", "Unreal Engine",
  ],
  cloud: [
    "Kubernetes", "Docker", "Terraform", "AWS", "Google Cloud", "Microsoft Azure", "Helm", "Ansible", "Prometheus",
    "Grafana", "OpenTelemetry", "Site reliability engineering", "Incident management", "Observability",
    "Linux administration", "Computer networking", "Load balancing", "Nginx", "Apache Kafka", "RabbitMQ", "Redis",
    "Serverless", "AWS Lambda", "AWS CloudFormation", "Pulumi", "Argo CD", "GitHub Actions", "Jenkins", "GitLab CI",
    "Istio", "Service mesh", "Capacity planning", "Chaos engineering", "Infrastructure as code", "FinOps",
    "Disaster recovery", "DNS", "TLS", "eBPF", "Cloud architecture", "Platform engineering", "Release engineering",
    "On-call operations", "Autoscaling",
  ],
  data: [
    "SQL", "PostgreSQL", "MySQL", "MongoDB", "Cassandra", "Elasticsearch", "Snowflake", "BigQuery", "Databricks",
    "Apache Spark", "Apache Airflow", "dbt", "Data modeling", "ETL", "Data warehousing", "Data engineering",
    "Data pipelines", "Data visualization", "Tableau", "Power BI", "Looker", "Microsoft Excel", "Statistics",
    "A/B testing", "Experiment design", "R", "pandas", "NumPy", "Jupyter", "Data governance", "Data quality",
    "Apache Flink", "Hadoop", "Data analysis", "Business intelligence", "Dashboard design", "Causal inference",
    "Time series forecasting", "Econometrics", "Bayesian statistics", "Survey design", "Data storytelling",
  ],
  ai: [
    "Machine learning", "Deep learning", "PyTorch", "TensorFlow", "scikit-learn", "Natural language processing",
    "Computer vision", "Large language models", "Prompt engineering", "Retrieval-augmented generation", "MLOps",
    "Feature engineering", "Recommender systems", "Reinforcement learning", "Vector databases", "Model evaluation",
    "LLM fine-tuning", "AI safety", "Responsible AI", "Speech recognition", "Generative AI", "Embeddings",
    "Model serving", "Hugging Face Transformers", "Search relevance", "Information retrieval",
  ],
  security: [
    "Application security", "Penetration testing", "Threat modeling", "Vulnerability management", "SIEM",
    "Incident response", "Identity and access management", "Cryptography", "Network security", "Cloud security",
    "SOC 2", "ISO 27001", "Security operations", "Malware analysis", "Digital forensics", "Security risk assessment",
    "Secure code review", "Endpoint security", "Security awareness training", "OWASP Top 10", "Splunk",
    "Zero trust architecture", "Threat intelligence", "Red teaming",
  ],
  design: [
    "UX design", "UI design", "User research", "Interaction design", "Figma", "Sketch", "Prototyping", "Wireframing",
    "Design systems", "Visual design", "Usability testing", "Information architecture", "Inclusive design",
    "Service design", "Motion design", "Adobe Photoshop", "Adobe Illustrator", "Typography", "Branding",
    "Content design", "UX writing", "Journey mapping", "Design thinking", "Product design", "Graphic design",
    "Illustration", "3D modeling", "Video editing", "Adobe After Effects", "Design critique",
  ],
  product: [
    "Product management", "Product strategy", "Roadmapping", "Product discovery", "Agile", "Scrum", "Kanban", "Jira",
    "Stakeholder management", "Requirements gathering", "OKRs", "Go-to-market strategy", "Pricing strategy",
    "Project management", "Program management", "Risk management", "Prioritization", "User stories",
    "Product analytics", "Amplitude", "Market research", "Competitive analysis", "Business analysis",
    "Process improvement", "Six Sigma", "Change management", "Vendor management", "Budgeting", "Product-led growth",
    "Customer interviews",
  ],
  marketing: [
    "Digital marketing", "SEO", "Search engine marketing", "Content marketing", "Social media marketing",
    "Email marketing", "Marketing automation", "HubSpot", "Google Analytics", "Google Ads", "Brand management",
    "Copywriting", "Public relations", "Growth marketing", "Performance marketing", "Product marketing",
    "Event marketing", "Influencer marketing", "Marketing analytics", "Conversion rate optimization",
    "Customer segmentation", "Demand generation", "Account-based marketing", "Community management",
    "Video marketing", "Affiliate marketing", "Brand positioning", "Storytelling", "Campaign management", "Marketo",
    "Media planning", "Partner marketing", "Localization", "Communications strategy", "Lifecycle marketing",
  ],
  sales: [
    "Sales negotiation", "B2B sales", "Enterprise sales", "Account management", "Lead generation", "Cold calling",
    "Sales prospecting", "Salesforce", "CRM", "Pipeline management", "Sales forecasting", "Consultative selling",
    "Solution selling", "Customer success", "Customer retention", "Customer support", "Zendesk",
    "Key account management", "Contract negotiation", "Business development", "Strategic partnerships",
    "Sales operations", "Revenue operations", "Territory planning", "Channel sales", "Inside sales", "Presales",
    "Sales enablement", "Objection handling", "Upselling", "Retail sales", "Customer onboarding", "Churn analysis",
    "Relationship building", "Product demos",
  ],
  finance: [
    "Financial modeling", "Financial analysis", "Accounting", "Bookkeeping", "FP&A", "Budget forecasting", "GAAP",
    "IFRS", "Auditing", "Tax preparation", "Corporate finance", "Valuation", "Mergers and acquisitions",
    "Investment banking", "Equity research", "Portfolio management", "Credit analysis", "Treasury management",
    "Accounts payable", "Accounts receivable", "Payroll", "QuickBooks", "SAP", "NetSuite", "Cost accounting",
    "Financial reporting", "Internal controls", "Anti-money laundering", "Regulatory compliance", "Actuarial science",
    "Insurance underwriting", "Wealth management", "Payments", "Fraud detection", "Risk modeling",
  ],
  healthcare: [
    "Nursing", "Patient care", "Critical care", "Emergency medicine", "Pediatrics", "Oncology", "Pharmacology",
    "Phlebotomy", "Electronic health records", "Epic Systems", "Medical coding", "HIPAA compliance",
    "Clinical research", "Clinical trials", "Public health", "Epidemiology", "Telehealth", "Physical therapy",
    "Occupational therapy", "Mental health counseling", "Care coordination", "Infection control",
    "Medication administration", "Basic life support", "Advanced cardiac life support", "Health informatics",
    "Medical billing", "Radiology", "Laboratory medicine", "Clinical nutrition", "Healthcare administration",
    "Patient advocacy", "Wound care", "Geriatric care", "Midwifery", "Surgical nursing", "Triage", "Biostatistics",
    "Regulatory affairs", "Medical devices", "Good clinical practice", "Bioinformatics",
  ],
  operations: [
    "Supply chain management", "Logistics", "Procurement", "Inventory management", "Warehouse operations",
    "Lean manufacturing", "Quality assurance", "Quality control", "Demand planning", "Operations management",
    "Fleet management", "Import and export compliance", "Supplier relationship management", "Production planning",
    "ERP systems", "Process engineering", "Health and safety", "Facilities management", "Last-mile delivery",
    "Strategic sourcing", "Root cause analysis", "S&OP", "Transportation management", "Kaizen",
  ],
  engineering: [
    "Mechanical engineering", "Electrical engineering", "CAD", "SolidWorks", "AutoCAD", "CNC machining",
    "PLC programming", "Robotics", "Industrial automation", "Control systems", "ROS", "Sensor fusion",
    "Embedded systems", "PCB design", "Manufacturing engineering", "Finite element analysis", "MATLAB",
    "Systems engineering", "Hardware testing", "Motion planning", "Machine vision",
  ],
  people: [
    "Recruiting", "Talent acquisition", "Technical recruiting", "Employer branding", "Employee onboarding",
    "Compensation and benefits", "HR policy", "Employee relations", "Performance management",
    "Learning and development", "Diversity, equity and inclusion", "Workforce planning", "HRIS", "Workday",
    "Organizational development", "Career coaching", "Mentoring", "Conflict resolution", "Labor law",
    "Succession planning", "Employee engagement", "Structured interviewing", "People analytics", "Sourcing",
  ],
  leadership: [
    "Leadership", "Team management", "People management", "Public speaking", "Presentation skills", "Negotiation",
    "Strategic planning", "Decision making", "Cross-functional collaboration", "Executive communication",
    "Written communication", "Facilitation", "Critical thinking", "Problem solving", "Time management",
    "Emotional intelligence", "Hiring", "Remote team management", "Influencing without authority", "Crisis management",
    "Change leadership", "Giving feedback", "Coaching", "Delegation",
  ],
  education: [
    "Curriculum design", "Instructional design", "E-learning", "Classroom management", "Lesson planning", "Tutoring",
    "Special education", "Educational technology", "Assessment design", "Adult learning", "Language teaching",
    "STEM education", "Learning management systems", "Articulate Storyline", "Student engagement",
  ],
  legal: [
    "Contract law", "Corporate law", "Intellectual property", "Legal research", "Compliance", "Privacy law",
    "Employment law", "Litigation", "Legal writing", "Due diligence", "Contract management", "GDPR",
  ],
  sustainability: [
    "Renewable energy", "Solar PV design", "Energy efficiency", "Sustainability reporting", "ESG", "Carbon accounting",
    "Life cycle assessment", "Environmental compliance", "Battery technology", "Grid integration", "Wind energy",
    "Climate risk", "Energy modeling", "Circular economy",
  ],
};

/** HOT_SKILLS are in high and rising demand; COOLING_SKILLS are in falling demand. */
export const HOT_SKILLS = new Set([
  "TypeScript", "Python", "Rust", "Go", "React", "Kubernetes", "Terraform", "AWS", "OpenTelemetry", "Platform engineering",
  "SQL", "dbt", "Snowflake", "Databricks", "Machine learning", "Large language models", "Prompt engineering",
  "Retrieval-augmented generation", "MLOps", "Generative AI", "Vector databases", "LLM fine-tuning", "AI safety",
  "Responsible AI", "Embeddings", "Accessibility", "WCAG", "Cloud security", "Zero trust architecture", "Product management",
  "Nursing", "Critical care", "Telehealth", "Data engineering", "Product-led growth", "Revenue operations",
  "Carbon accounting", "Battery technology", "Renewable energy", "Robotics", "Sales negotiation", "Customer success",
  "Design systems", "Site reliability engineering", "Observability", "FinOps", "Bioinformatics", "ESG",
]);

export const COOLING_SKILLS = new Set([
  "PHP", "Angular", "Sketch", "Hadoop", "Jenkins", "Cold calling", "Bookkeeping", "Webpack", "Ruby on Rails",
  "Redux", "Affiliate marketing", "Microsoft Excel", "QuickBooks", "AutoCAD", "Cassandra", "Flask",
]);

export interface Industry {
  name: string;
  /** categories are the skill families the industry hires for, most common first. */
  categories: readonly string[];
  suffixes: readonly string[];
  /** pitch completes "<Company> ..." in a company description. */
  pitches: readonly string[];
  customers: readonly string[];
}

export const INDUSTRIES: readonly Industry[] = [
  {
    name: "Robotics",
    categories: ["engineering", "software", "ai", "operations", "product"],
    suffixes: ["Robotics", "Automation", "Machines", "Dynamics"],
    pitches: [
      "builds autonomous mobile robots that move goods through warehouses and factories",
      "designs robotic arms and vision systems for small and mid-sized manufacturers",
      "makes inspection robots that check bridges, pipelines and wind turbines",
      "develops the software that lets fleets of robots share a floor with people safely",
    ],
    customers: ["manufacturers", "warehouse operators", "logistics providers", "utilities"],
  },
  {
    name: "Software",
    categories: ["software", "cloud", "product", "design", "data", "sales", "marketing"],
    suffixes: ["Software", "Labs", "Systems", "Technologies", "Cloud", "Works"],
    pitches: [
      "builds developer tools that help engineering teams ship reliable software faster",
      "makes a collaboration platform used by distributed teams to plan and track their work",
      "offers a cloud platform for building, deploying and monitoring web applications",
      "builds workflow automation software for finance and operations teams",
      "develops an accessible, design-system-driven toolkit for building customer-facing apps",
    ],
    customers: ["engineering teams", "mid-market companies", "enterprises", "startups"],
  },
  {
    name: "Artificial Intelligence",
    categories: ["ai", "data", "software", "cloud", "product"],
    suffixes: ["AI", "Intelligence", "Labs", "Analytics"],
    pitches: [
      "builds language-model assistants that answer customer questions grounded in company knowledge",
      "offers a platform for evaluating and monitoring machine learning models in production",
      "develops computer vision models that help retailers track shelf inventory",
      "builds search and recommendation systems for marketplaces",
    ],
    customers: ["retailers", "support teams", "marketplaces", "enterprises"],
  },
  {
    name: "Healthcare",
    categories: ["healthcare", "operations", "data", "people", "software"],
    suffixes: ["Health", "Medical", "Care", "Clinics", "Health Partners"],
    pitches: [
      "runs a network of community hospitals and outpatient clinics",
      "provides home care and remote patient monitoring for people with chronic conditions",
      "operates urgent care centers and a telehealth service",
      "runs specialist clinics for oncology, cardiology and pediatrics",
    ],
    customers: ["patients", "families", "health systems", "employers"],
  },
  {
    name: "Biotechnology",
    categories: ["healthcare", "data", "ai", "operations", "legal"],
    suffixes: ["Bio", "Therapeutics", "Biosciences", "Genomics"],
    pitches: [
      "develops targeted therapies for rare diseases",
      "builds sequencing-based diagnostics for early cancer detection",
      "uses machine learning to design and test new protein therapeutics",
    ],
    customers: ["hospitals", "research labs", "pharmaceutical partners"],
  },
  {
    name: "Financial Services",
    categories: ["finance", "data", "software", "security", "sales"],
    suffixes: ["Financial", "Capital", "Bank", "Payments", "Finance"],
    pitches: [
      "offers business banking and payment services to small companies",
      "builds payment infrastructure for online marketplaces",
      "provides wealth management and retirement planning to families",
      "offers lending and cash-flow tools for independent retailers",
    ],
    customers: ["small businesses", "families", "marketplaces", "retailers"],
  },
  {
    name: "Retail",
    categories: ["sales", "marketing", "operations", "data", "software"],
    suffixes: ["Goods", "Outfitters", "Market", "Supply Co.", "Home"],
    pitches: [
      "sells outdoor gear online and in forty stores",
      "runs an online marketplace for independent furniture makers",
      "operates neighbourhood grocery stores with same-day delivery",
      "designs and sells sustainable everyday clothing",
    ],
    customers: ["shoppers", "independent makers", "families"],
  },
  {
    name: "Marketing and Advertising",
    categories: ["marketing", "design", "sales", "data"],
    suffixes: ["Media", "Creative", "Studio", "Agency"],
    pitches: [
      "is a creative agency that builds brands and campaigns for consumer companies",
      "runs performance marketing programs for fast-growing online businesses",
      "produces video and social content for global brands",
    ],
    customers: ["consumer brands", "startups", "nonprofits"],
  },
  {
    name: "Education",
    categories: ["education", "design", "software", "marketing", "people"],
    suffixes: ["Learning", "Academy", "Education", "Schools"],
    pitches: [
      "builds an online learning platform for working adults changing careers",
      "runs a network of coding bootcamps and apprenticeship programs",
      "makes classroom software that helps teachers personalise lessons",
    ],
    customers: ["learners", "schools", "employers", "universities"],
  },
  {
    name: "Energy",
    categories: ["sustainability", "engineering", "operations", "data", "finance"],
    suffixes: ["Energy", "Power", "Solar", "Renewables", "Grid"],
    pitches: [
      "develops and operates community solar farms",
      "builds battery storage systems that help utilities balance the grid",
      "installs heat pumps and rooftop solar for homes and small businesses",
      "runs software that forecasts demand and renewable output for grid operators",
    ],
    customers: ["utilities", "homeowners", "municipalities", "businesses"],
  },
  {
    name: "Logistics",
    categories: ["operations", "data", "software", "sales"],
    suffixes: ["Logistics", "Freight", "Shipping", "Transport"],
    pitches: [
      "runs a freight network connecting manufacturers with regional carriers",
      "operates fulfilment centers for online retailers",
      "offers last-mile delivery for grocery and pharmacy chains",
    ],
    customers: ["retailers", "manufacturers", "carriers"],
  },
  {
    name: "Cybersecurity",
    categories: ["security", "cloud", "software", "sales"],
    suffixes: ["Security", "Defense", "Shield", "Cyber"],
    pitches: [
      "monitors cloud infrastructure for misconfigurations and intrusions",
      "provides managed detection and response for mid-sized companies",
      "builds identity and access management tools for hybrid workforces",
    ],
    customers: ["mid-sized companies", "banks", "hospitals", "governments"],
  },
  {
    name: "Consulting",
    categories: ["product", "finance", "data", "leadership", "people"],
    suffixes: ["Consulting", "Advisory", "Partners", "Group"],
    pitches: [
      "helps companies plan and deliver digital transformation programs",
      "advises mid-sized manufacturers on operations and supply chain strategy",
      "helps public-sector agencies modernise their services",
    ],
    customers: ["enterprises", "public agencies", "manufacturers"],
  },
  {
    name: "Human Resources",
    categories: ["people", "sales", "software", "leadership"],
    suffixes: ["Talent", "People", "Staffing", "Workforce"],
    pitches: [
      "builds hiring software that helps companies run fair, structured interviews",
      "places nurses and allied health professionals with hospitals",
      "offers payroll and benefits administration for growing companies",
    ],
    customers: ["employers", "hospitals", "job seekers"],
  },
  {
    name: "Legal Services",
    categories: ["legal", "finance", "software"],
    suffixes: ["Legal", "Law", "Counsel"],
    pitches: [
      "builds contract management software for in-house legal teams",
      "is a law firm focused on technology, privacy and intellectual property",
    ],
    customers: ["legal teams", "startups", "enterprises"],
  },
];

export const COMPANY_PREFIXES = [
  "Northwind", "Bluefin", "Cedarline", "Ironbark", "Helix", "Brightpath", "Larkspur", "Meridian", "Tidewater",
  "Solstice", "Copperleaf", "Juniper", "Harborview", "Kestrel", "Silverline", "Oakridge", "Polaris", "Redwood",
  "Sparrow", "Tandem", "Vantage", "Willow", "Zephyr", "Atlas", "Beacon", "Cascade", "Driftwood", "Evergreen",
  "Fieldstone", "Granite", "Horizon", "Keystone", "Lighthouse", "Maplewood", "Nimbus", "Orchard", "Pinnacle", "Quill",
  "Riverstone", "Summit", "Trellis", "Upland", "Verity", "Wavelength", "Alder", "Birchwood", "Cobalt", "Dovetail",
  "Ember", "Foxglove", "Greenleaf", "Halcyon", "Indigo", "Jasper", "Kindling", "Lumen", "Mosaic", "Nova", "Onyx",
  "Parallax", "Quartz", "Rook", "Sequoia", "Terrace", "Umbra", "Vela", "Waypoint", "Yarrow", "Zenith", "Arbor",
  "Bramble", "Clearwater", "Daybreak", "Elm Street", "Fathom", "Goldcrest", "Highline", "Inlet", "Lodestar", "Marigold",
  "Northstar", "Outpost", "Pioneer", "Ridgeline", "Saltmarsh", "Thistle", "Vireo", "Westbrook", "Bellwether", "Crescent",
];

export const SIZE_BANDS = ["11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001-10000", "10001+"] as const;

export const SENIORITIES = ["intern", "entry", "mid", "senior", "staff", "principal", "manager", "director"] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** SALARY_USD is a yearly base pay range in US dollars for each seniority. */
export const SALARY_USD: Record<Seniority, readonly [number, number]> = {
  intern: [38_000, 55_000],
  entry: [62_000, 85_000],
  mid: [88_000, 125_000],
  senior: [125_000, 175_000],
  staff: [165_000, 230_000],
  principal: [195_000, 280_000],
  manager: [145_000, 205_000],
  director: [185_000, 265_000],
};

/** PAY_FACTOR scales pay by skill family. */
export const PAY_FACTOR: Record<string, number> = {
  software: 1, cloud: 1.02, data: 0.97, ai: 1.1, security: 1.03, design: 0.88, product: 0.98, marketing: 0.8,
  sales: 0.85, finance: 0.92, healthcare: 0.82, operations: 0.75, engineering: 0.9, people: 0.76, leadership: 1,
  education: 0.6, legal: 0.95, sustainability: 0.85,
};

export const YEARS_REQUIRED: Record<Seniority, number> = {
  intern: 0, entry: 1, mid: 3, senior: 5, staff: 8, principal: 10, manager: 6, director: 10,
};

export interface Role {
  title: string;
  category: string;
  /** skills are the role's core skills; every one is in the taxonomy. */
  skills: readonly string[];
  duties: readonly string[];
  mission: string;
  partners: string;
  manager: string;
  director: string;
  field: string;
  /** licensed roles are not offered at intern, staff or principal levels. */
  licensed?: string;
}

export const ROLES: readonly Role[] = [
  {
    title: "Frontend Engineer", category: "software",
    skills: ["TypeScript", "React", "CSS", "Accessibility", "JavaScript", "Web performance"],
    duties: ["build accessible, responsive interfaces in TypeScript and React", "own the performance budget of our web app", "shape our component library together with design", "write tests that catch regressions before our users do"],
    mission: "make our web product fast, accessible and a pleasure to use", partners: "designers and product managers",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Computer Science",
  },
  {
    title: "Accessibility Engineer", category: "software",
    skills: ["Accessibility", "WCAG", "Screen reader testing", "TypeScript", "HTML", "Inclusive design"],
    duties: ["audit our products against WCAG 2.2 and fix what we find", "teach teams how to build accessible components", "test flows with screen readers and keyboard-only navigation", "add automated accessibility checks to CI"],
    mission: "make every part of our product usable by people with disabilities", partners: "designers, frontend engineers and our disability advisory group",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Human-Computer Interaction",
  },
  {
    title: "Backend Engineer", category: "software",
    skills: ["Go", "PostgreSQL", "API design", "Distributed systems", "gRPC", "Microservices"],
    duties: ["design and build APIs that other teams depend on", "keep our services fast and reliable under load", "improve how we store and query data", "take part in an on-call rotation"],
    mission: "build the services behind our product", partners: "frontend engineers, SREs and product managers",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Computer Science",
  },
  {
    title: "Full-Stack Engineer", category: "software",
    skills: ["TypeScript", "Node.js", "React", "PostgreSQL", "REST APIs", "Unit testing"],
    duties: ["ship features end to end, from database to UI", "talk to customers to understand what they need", "improve our test coverage and deployment pipeline", "review code and mentor newer engineers"],
    mission: "ship customer-facing features end to end", partners: "designers, product managers and customer success",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Computer Science",
  },
  {
    title: "Mobile Engineer", category: "software",
    skills: ["Swift", "Kotlin", "iOS development", "Android development", "React Native", "Accessibility"],
    duties: ["build features for our iOS and Android apps", "improve app start-up time and crash rates", "work with design on native interaction patterns", "automate our release process"],
    mission: "build our mobile apps", partners: "designers and backend engineers",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Computer Science",
  },
  {
    title: "Software Engineer", category: "software",
    skills: ["Python", "Java", "System design", "Code review", "Git", "CI/CD"],
    duties: ["design, build and operate services used by millions of people", "write clear, well-tested code", "review designs and code from teammates", "help improve our engineering practices"],
    mission: "build the core of our platform", partners: "product managers and other engineering teams",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Computer Science",
  },
  {
    title: "Embedded Software Engineer", category: "engineering",
    skills: ["Embedded C", "C++", "Firmware development", "Embedded systems", "Debugging", "Control systems"],
    duties: ["write firmware for motor controllers and sensors", "bring up new hardware with the electrical team", "build test rigs that run on every commit", "debug timing issues with oscilloscopes and logic analysers"],
    mission: "write the firmware that runs on our devices", partners: "electrical and mechanical engineers",
    manager: "Engineering Manager", director: "Director of Hardware Engineering", field: "Electrical Engineering",
  },
  {
    title: "Robotics Engineer", category: "engineering",
    skills: ["Robotics", "ROS", "C++", "Python", "Motion planning", "Sensor fusion"],
    duties: ["develop perception and motion planning software for our robots", "run field tests at customer sites", "improve localisation in crowded environments", "turn research prototypes into production code"],
    mission: "make our robots navigate safely around people", partners: "hardware engineers and field operations",
    manager: "Robotics Engineering Manager", director: "Director of Robotics", field: "Robotics",
  },
  {
    title: "Mechanical Engineer", category: "engineering",
    skills: ["Mechanical engineering", "SolidWorks", "CAD", "Finite element analysis", "Manufacturing engineering", "Hardware testing"],
    duties: ["design mechanical assemblies from concept to production", "work with suppliers on tooling and tolerances", "run reliability and stress tests", "document designs for manufacturing"],
    mission: "design hardware that survives years of daily use", partners: "manufacturing and electrical engineers",
    manager: "Mechanical Engineering Manager", director: "Director of Hardware Engineering", field: "Mechanical Engineering",
  },
  {
    title: "Site Reliability Engineer", category: "cloud",
    skills: ["Kubernetes", "Terraform", "Prometheus", "Observability", "Incident management", "Linux administration"],
    duties: ["run our Kubernetes clusters across three regions", "define SLOs and the alerts that protect them", "lead incident response and blameless reviews", "automate away toil"],
    mission: "keep our platform available and fast", partners: "backend engineers and security",
    manager: "SRE Manager", director: "Director of Infrastructure", field: "Computer Science",
  },
  {
    title: "Platform Engineer", category: "cloud",
    skills: ["Kubernetes", "Platform engineering", "Helm", "Argo CD", "Infrastructure as code", "Go"],
    duties: ["build the internal platform our engineers deploy to", "make golden paths for new services", "improve build and deploy times", "run capacity planning and cost reviews"],
    mission: "give every engineering team a paved road to production", partners: "application engineering teams",
    manager: "Platform Engineering Manager", director: "Director of Infrastructure", field: "Computer Science",
  },
  {
    title: "DevOps Engineer", category: "cloud",
    skills: ["AWS", "Docker", "Terraform", "GitHub Actions", "CI/CD", "Bash"],
    duties: ["maintain our AWS infrastructure as code", "keep CI pipelines fast and green", "harden our container images", "support teams during releases"],
    mission: "make releases boring and infrastructure reproducible", partners: "software engineers and security",
    manager: "Infrastructure Manager", director: "Director of Infrastructure", field: "Information Technology",
  },
  {
    title: "Data Engineer", category: "data",
    skills: ["SQL", "Python", "Apache Airflow", "dbt", "Data modeling", "Snowflake"],
    duties: ["build reliable batch and streaming pipelines", "model data so analysts can trust it", "own data quality checks and lineage", "tune warehouse costs and query performance"],
    mission: "build the data foundation our company runs on", partners: "analysts, data scientists and product teams",
    manager: "Data Engineering Manager", director: "Director of Data", field: "Computer Science",
  },
  {
    title: "Data Analyst", category: "data",
    skills: ["SQL", "Data analysis", "Tableau", "Microsoft Excel", "Statistics", "Data storytelling"],
    duties: ["answer business questions with data", "build dashboards that teams use every week", "design and read out A/B tests", "present findings to leadership"],
    mission: "help teams make decisions with data", partners: "product, marketing and finance",
    manager: "Analytics Manager", director: "Director of Analytics", field: "Statistics",
  },
  {
    title: "Data Scientist", category: "ai",
    skills: ["Python", "Machine learning", "Statistics", "SQL", "A/B testing", "Causal inference"],
    duties: ["build models that predict churn and demand", "design experiments and measure their impact", "turn analyses into product decisions", "bring models to production with engineering"],
    mission: "turn our data into better products", partners: "product managers and engineers",
    manager: "Data Science Manager", director: "Director of Data Science", field: "Statistics",
  },
  {
    title: "Machine Learning Engineer", category: "ai",
    skills: ["PyTorch", "Python", "MLOps", "Model serving", "Large language models", "Model evaluation"],
    duties: ["train, evaluate and ship models to production", "build feature pipelines and evaluation sets", "cut inference latency and cost", "monitor models for drift"],
    mission: "ship machine learning that works for our customers", partners: "data scientists and platform engineers",
    manager: "Machine Learning Manager", director: "Director of Machine Learning", field: "Computer Science",
  },
  {
    title: "AI Engineer", category: "ai",
    skills: ["Large language models", "Retrieval-augmented generation", "Prompt engineering", "Python", "Embeddings", "Vector databases"],
    duties: ["build assistants grounded in our own data", "design evaluation suites for LLM features", "tune retrieval and prompts for quality and cost", "put guardrails around model output"],
    mission: "build reliable language-model features", partners: "product managers, designers and the responsible AI team",
    manager: "AI Engineering Manager", director: "Director of AI", field: "Computer Science",
  },
  {
    title: "Security Engineer", category: "security",
    skills: ["Application security", "Threat modeling", "Cloud security", "Secure code review", "Penetration testing", "Incident response"],
    duties: ["review designs and code for security issues", "run our vulnerability management program", "build detections for cloud threats", "respond to security incidents"],
    mission: "keep our customers' data safe", partners: "engineering teams and compliance",
    manager: "Security Engineering Manager", director: "Director of Security", field: "Cybersecurity",
  },
  {
    title: "Security Analyst", category: "security",
    skills: ["SIEM", "Splunk", "Incident response", "Threat intelligence", "Security operations", "Network security"],
    duties: ["triage alerts in our security operations center", "investigate suspicious activity", "tune detection rules", "write incident reports for customers"],
    mission: "detect and stop attacks early", partners: "the incident response team and customers",
    manager: "SOC Manager", director: "Director of Security Operations", field: "Cybersecurity",
  },
  {
    title: "Product Designer", category: "design",
    skills: ["Figma", "UX design", "Prototyping", "User research", "Design systems", "Inclusive design"],
    duties: ["design flows from sketches to polished prototypes", "run usability tests with real customers", "contribute to our design system", "partner with engineers through delivery"],
    mission: "design experiences people understand at first glance", partners: "product managers and engineers",
    manager: "Design Manager", director: "Head of Design", field: "Interaction Design",
  },
  {
    title: "UX Researcher", category: "design",
    skills: ["User research", "Usability testing", "Survey design", "Journey mapping", "Customer interviews", "Data storytelling"],
    duties: ["plan and run interviews, diary studies and usability tests", "turn findings into clear recommendations", "build a research repository teams actually use", "include people with disabilities in every study"],
    mission: "bring the voice of our users into every decision", partners: "designers and product managers",
    manager: "Research Manager", director: "Head of Research", field: "Psychology",
  },
  {
    title: "Graphic Designer", category: "design",
    skills: ["Graphic design", "Adobe Illustrator", "Adobe Photoshop", "Typography", "Branding", "Visual design"],
    duties: ["design campaigns across print, web and social", "keep our brand consistent", "produce illustrations and layouts", "present concepts to stakeholders"],
    mission: "give our brand a clear, memorable voice", partners: "marketing and copywriters",
    manager: "Creative Manager", director: "Creative Director", field: "Graphic Design",
  },
  {
    title: "Product Manager", category: "product",
    skills: ["Product management", "Product discovery", "Roadmapping", "Stakeholder management", "Product analytics", "Prioritization"],
    duties: ["own the roadmap for one of our product areas", "talk to customers every week", "define success metrics and track them", "align engineering, design and go-to-market teams"],
    mission: "decide what we build next and why", partners: "engineering, design, sales and marketing",
    manager: "Group Product Manager", director: "Director of Product", field: "Business Administration",
  },
  {
    title: "Project Manager", category: "product",
    skills: ["Project management", "Agile", "Jira", "Risk management", "Stakeholder management", "Budgeting"],
    duties: ["plan and run cross-team projects", "track risks, budgets and dependencies", "keep stakeholders informed", "run retrospectives and improve how we work"],
    mission: "deliver our most important projects on time", partners: "engineering, operations and finance",
    manager: "Program Manager", director: "Director of Program Management", field: "Business Administration",
  },
  {
    title: "Marketing Manager", category: "marketing",
    skills: ["Digital marketing", "Campaign management", "Content marketing", "Marketing analytics", "SEO", "Email marketing"],
    duties: ["plan and launch multi-channel campaigns", "own the marketing budget for your segment", "measure what works and cut what does not", "work with sales on pipeline targets"],
    mission: "grow awareness and demand for our products", partners: "sales, product marketing and design",
    manager: "Senior Marketing Manager", director: "Director of Marketing", field: "Marketing",
  },
  {
    title: "Product Marketing Manager", category: "marketing",
    skills: ["Product marketing", "Go-to-market strategy", "Brand positioning", "Competitive analysis", "Copywriting", "Sales enablement"],
    duties: ["own positioning and messaging for new launches", "build sales enablement material", "study competitors and win/loss data", "plan launches with product and sales"],
    mission: "explain why our products matter", partners: "product managers and sales",
    manager: "Product Marketing Lead", director: "Director of Product Marketing", field: "Marketing",
  },
  {
    title: "Growth Marketer", category: "marketing",
    skills: ["Growth marketing", "Performance marketing", "Google Ads", "Conversion rate optimization", "A/B testing", "Lifecycle marketing"],
    duties: ["run paid acquisition across search and social", "design and test landing pages", "build lifecycle email programs", "report on acquisition cost and payback"],
    mission: "grow our customer base efficiently", partners: "design, data and product",
    manager: "Growth Marketing Manager", director: "Director of Growth", field: "Marketing",
  },
  {
    title: "Account Executive", category: "sales",
    skills: ["B2B sales", "Sales negotiation", "Salesforce", "Pipeline management", "Consultative selling", "Product demos"],
    duties: ["run full sales cycles from first call to signed contract", "build and manage your own pipeline", "negotiate pricing and terms", "forecast accurately every week"],
    mission: "win new customers", partners: "sales engineers and customer success",
    manager: "Sales Manager", director: "Director of Sales", field: "Business Administration",
  },
  {
    title: "Sales Development Representative", category: "sales",
    skills: ["Sales prospecting", "Lead generation", "Cold calling", "CRM", "Objection handling", "Relationship building"],
    duties: ["research and reach out to new prospects", "qualify inbound leads", "book meetings for account executives", "keep our CRM clean"],
    mission: "open doors with new customers", partners: "account executives and marketing",
    manager: "Sales Development Manager", director: "Director of Sales Development", field: "Communications",
  },
  {
    title: "Customer Success Manager", category: "sales",
    skills: ["Customer success", "Customer retention", "Customer onboarding", "Account management", "Churn analysis", "Upselling"],
    duties: ["onboard new customers and get them to value fast", "run business reviews with key accounts", "spot churn risks early", "bring customer feedback to product"],
    mission: "make sure our customers succeed", partners: "sales, support and product",
    manager: "Customer Success Lead", director: "Director of Customer Success", field: "Business Administration",
  },
  {
    title: "Financial Analyst", category: "finance",
    skills: ["Financial modeling", "FP&A", "Microsoft Excel", "Budget forecasting", "Financial reporting", "Financial analysis"],
    duties: ["build the monthly forecast and budget", "analyse variances and explain them", "model scenarios for leadership", "improve our reporting"],
    mission: "give leadership a clear view of our numbers", partners: "department heads and accounting",
    manager: "FP&A Manager", director: "Director of Finance", field: "Finance",
  },
  {
    title: "Accountant", category: "finance",
    skills: ["Accounting", "GAAP", "Financial reporting", "Internal controls", "NetSuite", "Accounts payable"],
    duties: ["own parts of the month-end close", "reconcile accounts and prepare journal entries", "support the annual audit", "improve our controls"],
    mission: "keep our books accurate and audit-ready", partners: "finance and operations",
    manager: "Accounting Manager", director: "Controller", field: "Accounting",
  },
  {
    title: "Risk Analyst", category: "finance",
    skills: ["Risk modeling", "Credit analysis", "Fraud detection", "Anti-money laundering", "SQL", "Regulatory compliance"],
    duties: ["monitor credit and fraud risk across our portfolio", "build and validate risk models", "work with compliance on regulatory reporting", "tune fraud rules with data"],
    mission: "keep risk within our appetite as we grow", partners: "compliance, data and product",
    manager: "Risk Manager", director: "Chief Risk Officer", field: "Economics",
  },
  {
    title: "Registered Nurse", category: "healthcare",
    skills: ["Nursing", "Patient care", "Medication administration", "Electronic health records", "Basic life support", "Infection control"],
    duties: ["assess, plan and deliver patient care", "administer medication and monitor responses", "document care in Epic", "educate patients and families"],
    mission: "deliver safe, compassionate care", partners: "physicians, therapists and care coordinators",
    manager: "Nurse Manager", director: "Director of Nursing", field: "Nursing", licensed: "a current registered nurse (RN) license",
  },
  {
    title: "ICU Nurse", category: "healthcare",
    skills: ["Critical care", "Nursing", "Advanced cardiac life support", "Patient care", "Triage", "Medication administration"],
    duties: ["care for critically ill patients", "manage ventilators, drips and monitoring", "respond to rapid-response calls", "precept new graduate nurses"],
    mission: "care for our most critically ill patients", partners: "intensivists, respiratory therapists and pharmacists",
    manager: "Nurse Manager", director: "Director of Critical Care", field: "Nursing", licensed: "a current RN license and ACLS certification",
  },
  {
    title: "Clinical Research Coordinator", category: "healthcare",
    skills: ["Clinical research", "Clinical trials", "Good clinical practice", "Regulatory affairs", "Patient advocacy", "Data quality"],
    duties: ["screen and enrol trial participants", "keep study records audit-ready", "coordinate with sponsors and ethics boards", "collect and check trial data"],
    mission: "run clinical trials that patients can trust", partners: "investigators, nurses and sponsors",
    manager: "Clinical Research Manager", director: "Director of Clinical Operations", field: "Biology",
  },
  {
    title: "Physical Therapist", category: "healthcare",
    skills: ["Physical therapy", "Patient care", "Geriatric care", "Telehealth", "Care coordination", "Electronic health records"],
    duties: ["evaluate patients and write treatment plans", "deliver in-clinic and telehealth sessions", "track outcomes and adjust plans", "coordinate with physicians"],
    mission: "help patients regain movement and independence", partners: "physicians and occupational therapists",
    manager: "Rehabilitation Manager", director: "Director of Rehabilitation", field: "Physical Therapy", licensed: "a state physical therapy license",
  },
  {
    title: "Supply Chain Analyst", category: "operations",
    skills: ["Supply chain management", "Demand planning", "Inventory management", "SQL", "Microsoft Excel", "S&OP"],
    duties: ["forecast demand and plan inventory", "analyse supplier performance", "run the monthly S&OP cycle", "find savings in freight and warehousing"],
    mission: "get the right product to the right place at the right cost", partners: "procurement, logistics and finance",
    manager: "Supply Chain Manager", director: "Director of Supply Chain", field: "Supply Chain Management",
  },
  {
    title: "Operations Manager", category: "operations",
    skills: ["Operations management", "Lean manufacturing", "Process improvement", "Health and safety", "Team management", "Root cause analysis"],
    duties: ["run daily operations across shifts", "improve throughput and quality", "keep every site safe", "coach shift leads"],
    mission: "run safe, efficient operations", partners: "site leads, quality and maintenance",
    manager: "Senior Operations Manager", director: "Director of Operations", field: "Industrial Engineering",
  },
  {
    title: "Logistics Coordinator", category: "operations",
    skills: ["Logistics", "Transportation management", "Warehouse operations", "Import and export compliance", "ERP systems", "Last-mile delivery"],
    duties: ["book and track shipments", "solve delivery exceptions", "keep customs paperwork in order", "work with carriers on service levels"],
    mission: "keep freight moving on time", partners: "carriers, warehouses and customer service",
    manager: "Logistics Manager", director: "Director of Logistics", field: "Logistics",
  },
  {
    title: "Recruiter", category: "people",
    skills: ["Recruiting", "Talent acquisition", "Structured interviewing", "Sourcing", "Employer branding", "Relationship building"],
    duties: ["run hiring processes from intake to offer", "source candidates from diverse backgrounds", "coach hiring managers on structured interviews", "give every candidate a great experience"],
    mission: "help us hire great people fairly", partners: "hiring managers and HR business partners",
    manager: "Recruiting Manager", director: "Director of Talent Acquisition", field: "Human Resources",
  },
  {
    title: "HR Business Partner", category: "people",
    skills: ["Employee relations", "Performance management", "Organizational development", "HR policy", "Coaching", "Labor law"],
    duties: ["advise leaders on organisation design and people issues", "run performance and compensation cycles", "handle employee relations cases", "use people data to spot trends"],
    mission: "help our teams grow and do their best work", partners: "managers and the people team",
    manager: "HR Manager", director: "Director of People", field: "Human Resources",
  },
  {
    title: "Instructional Designer", category: "education",
    skills: ["Instructional design", "E-learning", "Curriculum design", "Articulate Storyline", "Adult learning", "Assessment design"],
    duties: ["design courses with subject-matter experts", "build interactive e-learning modules", "measure learning outcomes", "make every course accessible"],
    mission: "create learning that changes how people work", partners: "subject-matter experts and designers",
    manager: "Learning Design Manager", director: "Director of Learning", field: "Education",
  },
  {
    title: "Teacher", category: "education",
    skills: ["Lesson planning", "Classroom management", "Student engagement", "STEM education", "Assessment design", "Educational technology"],
    duties: ["plan and teach engaging lessons", "assess progress and adapt instruction", "support students with different needs", "work with families and colleagues"],
    mission: "help every student learn", partners: "families and fellow teachers",
    manager: "Head of Department", director: "Principal", field: "Education", licensed: "a valid teaching certificate",
  },
  {
    title: "Corporate Counsel", category: "legal",
    skills: ["Contract law", "Corporate law", "Privacy law", "Contract negotiation", "Compliance", "Legal writing"],
    duties: ["draft and negotiate commercial contracts", "advise on privacy and data protection", "support financing and corporate matters", "train teams on legal risks"],
    mission: "help the business move fast within the law", partners: "sales, product and finance",
    manager: "Senior Counsel", director: "General Counsel", field: "Law", licensed: "admission to a state bar",
  },
  {
    title: "Energy Analyst", category: "sustainability",
    skills: ["Energy modeling", "Renewable energy", "Grid integration", "Python", "Financial modeling", "Data analysis"],
    duties: ["model output and revenue for solar and storage projects", "analyse grid interconnection options", "support project financing", "track market and policy changes"],
    mission: "help us build clean energy projects that pay off", partners: "development, finance and engineering",
    manager: "Energy Analytics Manager", director: "Director of Energy Markets", field: "Energy Systems",
  },
  {
    title: "Sustainability Manager", category: "sustainability",
    skills: ["Sustainability reporting", "Carbon accounting", "ESG", "Life cycle assessment", "Stakeholder management", "Data analysis"],
    duties: ["measure and report our carbon footprint", "set and track emissions targets", "work with suppliers on decarbonisation", "prepare ESG disclosures"],
    mission: "cut our emissions and report on them honestly", partners: "operations, finance and procurement",
    manager: "Head of Sustainability", director: "Director of Sustainability", field: "Environmental Science",
  },
  {
    title: "Solar Design Engineer", category: "sustainability",
    skills: ["Solar PV design", "AutoCAD", "Electrical engineering", "Energy efficiency", "Renewable energy", "Environmental compliance"],
    duties: ["design rooftop and ground-mount solar systems", "prepare permit-ready drawings", "size inverters and batteries", "support installers on site"],
    mission: "design solar systems that are safe and productive", partners: "sales, installers and permitting",
    manager: "Engineering Manager", director: "Director of Engineering", field: "Electrical Engineering",
  },
];
