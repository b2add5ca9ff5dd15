import type { BlockCategory } from "./categories.js";
import type { Normalised } from "./normalize.js";

/**
 * A Pattern adds its weight, in logits, to a question's block score when it matches. Patterns read
 * `words` (lower-case words without accents or punctuation) unless they say `raw` (lower-case text
 * with punctuation) or test a predicate. Negative weights are cues of a question *about* a topic.
 */
export interface Pattern {
  id: string;
  category: BlockCategory | "benign";
  weight: number;
  re?: RegExp;
  on?: "words" | "raw";
  test?: (n: Normalised) => boolean;
}

const W = (s: string) => new RegExp(s);

const IGNORE_VERB = "(?:ignore|disregard|forget|skip|drop|override|bypass|cancel|pay no attention to|do not follow|dont follow|stop following|set aside|overrule)";
const PRIOR = "(?:previous|prior|above|earlier|preceding|original|initial|old|all|any|your|the|these|those|system|existing|current|outdated)";
const RULES =
  "(?:instructions?|prompts?|rules|directions|directives|guidelines|guidance|commands|constraints|programming|guardrails|restrictions|polic(?:y|ies)|content policy|system message|orders|training|setup|configuration)";

const PII_TERM =
  "(?:phone|phone number|cell|cell phone|cellphone|mobile|mobile number|whatsapp|telephone|number|home address|address|addresses|street|email|e mail|emails|gmail|contact details|contact info|date of birth|birthday|dob|social security|ssn|passport|bank account|salary|salaries|compensation|earn|earns|making|make|paid|religion|medical|married|kids|children|lives?|live|neighborhood|how old|age|telefono|direccion|adresse|verdient|ganha|gana|ghar|vive|e mail pessoal)";
const THIRD =
  "\\b(?:his|her|hers|him|he|she|their|them|coworker|colleague|ex|ex boss|boss|neighbou?r|friend|employees|members|everyone|people|staff|engineers|recruiter|ceo|cto|vp|author|candidate|connections|hiring manager|team)\\b";

const GROUP =
  "(?:race|racial|ethnicity|ethnic|white|black|asian|hispanic|latino|arab|arabic|muslims?|jewish|jews|christians?|hindus?|sikhs?|hijab|gay|lesbian|lgbt\\w*|trans|transgender|immigrants?|foreigners?|foreign|disabled|disabilit(?:y|ies)|wheelchair|old|older|elderly|young|younger|age|native|born in|nationality|religion|religious|women|woman|female|females|men|males?|moms|mothers|mums|girls|guys|ladies|pregnant|pregnancy|married|single|children|kids|mujeres|mulheres|femmes|frauen|etrangers|auslander|extranjeros|estrangeiros)";
const EXCLUDE =
  "(?:filter(?:s|ed)?(?: out)?|exclude|excluding|remove|drop|reject|skip|screen(?: out)?|sort|rank|prefer|prioriti[sz]e|avoid|only|just|discourage|weed out|get rid of|deprioriti[sz]e|downrank|penali[sz]e|leave out|cut|take off|dont (?:want|consider|show|hire|give)|do not (?:want|consider|show|hire)|no|elimine|elimina|exclua|excluir|exclure|retire|quitar|filtere|filtern|entferne|filtra|filtrar|hatao|nikalo|sirf|solo|nur|seulement|somente|apenas)";
const HIRING = "(?:candidates?|applicants?|speakers|hires?|hiring|shortlist|team|posting|job ad|job post|job description|ad|opening|role|position|bewerber|bewerberinnen|kandidaten|candidatos|candidats|candidatas|candidatures|candidaturas|bewerbungen|postulantes|applications|people|staff|workers|employees)";

/**
 * EXCLUDE_XX and GROUP_XX are the same ideas in es/fr/de/pt/hi, where the verb often follows the
 * group ("retire-les", "sortiere sie aus", "ko shortlist mat karo"); the question must also be
 * about hiring (HIRING_XX).
 */
const EXCLUDE_VERB_XX =
  "(?:ecarte[sz]?|enleve[sz]?|retire[sz]?|elimine[sz]?|supprime[sz]?|exclu(?:s|e|ez)?|descarta(?:los|las)?|saca(?:los|las)?|quita(?:los|las)?|elimina(?:los|las)?|excluye|sortiere|streich|streiche|entferne|nicht einstellen|tire|remova|exclua|descarte|mat (?:karo|dikhao|lo|rakho|bhejo)|hata do|hatao|nikalo|nikal do|nahi chahiye|nahin chahiye)";
/** EXCLUDE_XX adds the refusals that come before the group ("pas de", "keine", "no quiero"). */
const EXCLUDE_XX = `(?:${EXCLUDE_VERB_XX}|ne (?:veux|voulons|veut) pas|pas de|no (?:quiero|queremos|contrates|contratar)|keine|wollen keine|nao (?:quero|queremos|contrate|contratar))`;
const GROUP_XX =
  "(?:etrangers?|etrangeres?|femmes|enceintes|musulman(?:e)?s|juifs|noirs|arabes|handicapes|vieux|agees|meres|extranjer[oa]s|mujeres|embarazadas|judios|negros|discapacitados|mayores|viejos|madres|hijos|auslander\\w*|frauen|schwangere|muslime|juden|schwarze|behinderte|altere|mutter|kopftuch|estrangeir[oa]s|mulheres|gravidas|muculmanos|judeus|idosos|velhos|maes|filhos|musalman|musalmaan|ladkiyon|ladkiyan|auraton|aurton|mahilaon|buzurg|videshi)";
const EXCLUDE_GROUP_XX = new RegExp(`\\b${EXCLUDE_XX}\\b(?: \\w+){0,5}? ${GROUP_XX}\\b|\\b${GROUP_XX}\\b(?: \\w+){0,6}? ${EXCLUDE_VERB_XX}\\b`);
const HIRING_XX = new RegExp(`\\b(?:${HIRING}|contratar|embaucher|recruter|einstellen|liste|lista|selection|selecao|seleccion|equipe|equipo|poste|puesto|stelle|vaga|naukri)\\b`);

function hasName(n: Normalised): boolean {
  for (const m of n.cased.matchAll(/\b([A-Z][a-z\u00C0-\u024F]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z\u00C0-\u024F]+)(?:'s|’s)?\b/g)) {
    if (!NOT_NAMES.has(m[1]!) && !NOT_NAMES.has(m[2]!)) return true;
  }
  return false;
}

const NOT_NAMES = new Set(
  "What Who Where When Why How Is Are Can Could Would Should Do Does Did Please Give Tell Find Get Send Show List Share Export The This That My Your Our I Hey Hi Ok Okay Need Want Make Help Write Create Robotics Health Labs Systems Technologies Bank Inc Corp Group Talent Acquisition HR Google Amazon Meta Microsoft Tesla Apple LinkedIn Springboard English Spanish French German Python Java Android Chrome Windows Pixel Stanford MIT Area Manager Engineer Design Team Director Head VP CEO CTO Monday Friday".split(
    " ",
  ),
);

/** PATTERNS are the weighted cues of the screening detector. */
export const PATTERNS: Pattern[] = [
  // prompt_injection
  { id: "ignore-instructions", category: "prompt_injection", weight: 6, re: W(`\\b${IGNORE_VERB}\\b(?: \\w+){0,4}? ${PRIOR}\\b(?: \\w+){0,3}? ${RULES}\\b`) },
  { id: "ignore-above", category: "prompt_injection", weight: 5, re: W(`\\b${IGNORE_VERB}(?: all| everything)?(?: the| what is)? (?:above|everything above|what you were told|everything you were told|all that|everything before)\\b`) },
  { id: "new-instructions", category: "prompt_injection", weight: 4, re: W(`\\b(?:new instructions|your new (?:task|instructions|rules|role) (?:is|are)|instructions have been (?:updated|changed|revoked)|rules (?:are|have been) (?:revoked|cancelled|canceled|lifted|outdated)|(?:previous|prior|old) (?:rules|instructions) are (?:revoked|cancelled|canceled|void|outdated)|supersedes? your|take priority over|my instructions take priority)\\b`) },
  { id: "rules-revoked", category: "prompt_injection", weight: 4, re: W(`\\b(?:(?:your|system) (?:\\w+ )?(?:rules|instructions|guidelines|directives)|(?:rules|instructions|guidelines|directives) you (?:were|have been) given)(?: \\w+){0,3}? (?:are|is|were) (?:now )?(?:outdated|obsolete|void|revoked|cancelled|canceled|lifted|no longer valid)\\b|\\b(?:follow|obey) only (?:what|whatever) i (?:say|write|tell you|type)\\b`) },
  { id: "obey-me", category: "prompt_injection", weight: 4, re: W(`\\b(?:you (?:will|must|shall) (?:now )?(?:obey|comply with|follow) (?:only )?(?:me|my|every|all|the instructions in this)|obey only me|(?:from now on|starting now) you (?:will|must|only) (?:obey|follow|listen|comply|do what)|comply with every (?:user )?request|do (?:exactly )?what i say)\\b`) },
  { id: "claimed-authority", category: "prompt_injection", weight: 4, re: W(`\\b(?:(?:i am|im) (?:your|the) (?:developer|administrator|admin|creator|owner|programmer)|authori[sz]ed (?:you )?to (?:ignore|bypass|skip|override|reveal|disable)|admin(?:istrator)? request|maintenance mode|admins said youre allowed|allowed to skip your)\\b`) },
  { id: "disable-safety", category: "prompt_injection", weight: 5, re: W(`\\b(?:(?:disable|turn off|deactivate|switch off|remove|bypass) (?:the |your |all )?(?:safety|moderation|filters?|guardrails|content (?:filter|policy)|restrictions)|(?:safety|filters?|moderation|restrictions|guardrails)(?: filters)? (?:are |is )?(?:disabled|off|removed|revoked|lifted))\\b`) },
  { id: "decode-and-follow", category: "prompt_injection", weight: 5, re: W(`\\bdecode (?:this|the following|it|that)\\b(?: \\w+){0,4} (?:and )?(?:follow|execute|do|obey|run|apply)\\b`) },
  { id: "hidden-command", category: "prompt_injection", weight: 4, re: W(`\\b(?:execute|run|follow) (?:the following|this) (?:hidden |secret )?(?:command|instruction)|dont mention this instruction|do not mention this instruction|nobody will know|new session begins|assistant rules none\\b`) },
  { id: "chat-markup", category: "prompt_injection", weight: 6, on: "raw", re: /<\|im_(?:start|end)\|>|<\|(?:system|user|assistant|endoftext)\|>|\[\/?inst\]|<<\/?sys>>|<\/?data\b|###\s*(?:instruction|system|response)\b|\[(?:system|admin|developer)\]/ },
  { id: "role-prefix", category: "prompt_injection", weight: 3, on: "raw", re: /(?:^|\n)\s*(?:system|assistant|attention model|important: assistant)\s*:/ },
  { id: "ignore-es", category: "prompt_injection", weight: 6, re: W(`\\b(?:ignora|ignore|olvida|omite|descarta|olvidate de)\\b(?: \\w+){0,4}? (?:instrucciones|reglas|indicaciones|ordenes|normas)\\b|\\bolvida todo lo que te (?:dijeron|han dicho)`) },
  { id: "ignore-fr", category: "prompt_injection", weight: 6, re: W(`\\b(?:ignore|oublie|ignorez|oubliez)\\b(?: \\w+){0,4}? (?:instructions|consignes|regles|directives)\\b`) },
  { id: "ignore-de", category: "prompt_injection", weight: 6, re: W(`\\b(?:ignoriere|ignorier|vergiss|missachte)\\b(?: \\w+){0,4}? (?:anweisungen|regeln|vorgaben|instruktionen)\\b`) },
  { id: "ignore-pt", category: "prompt_injection", weight: 6, re: W(`\\b(?:ignore|esqueca|desconsidere|ignora)\\b(?: \\w+){0,4}? (?:instrucoes|regras|orientacoes)\\b`) },
  { id: "ignore-hi", category: "prompt_injection", weight: 6, re: W(`\\b(?:instructions?|rules|niyam)\\b(?: \\w+){0,3}? (?:ignore|bhool|bhul|chhodo|chodo|bhula)\\b|\\b(?:apne|saare|sare|pichle|pehle|pehle wale) (?:\\w+ ){0,2}(?:rules|instructions)\\b`) },
  { id: "obey-me-xx", category: "prompt_injection", weight: 2, re: W(`\\b(?:haz lo que yo diga|fais exactement ce que je dis|tu was ich sage|me obedeca|meri baat maano|mera kaam karo|nur meine)\\b`) },

  // jailbreak
  { id: "dan", category: "jailbreak", weight: 6, re: W(`\\b(?:(?:you are|youre|pretend you are|pretend to be|act as|tum ab|finge que eres|now|be) dan\\b|do anything now|dan mode|stan strive)`) },
  { id: "special-mode", category: "jailbreak", weight: 6, re: W(`\\b(?:(?:enable|activate|enter|switch (?:it )?on|turn (?:it )?on|in|into|to) (?:the )?(?:developer|dev|debug|god|sudo|jailbreak|unfiltered|uncensored|unrestricted|dan)(?: mode)?\\b(?: mode)?|(?:developer|dev|god|sudo|jailbreak|unfiltered|uncensored|dan) mode(?: is)?(?: now)? (?:on|enabled|activated|active)|you have a developer mode|entwicklermodus|mode developpeur|modo (?:desarrollador|desenvolvedor))`) },
  { id: "persona-without-rules", category: "jailbreak", weight: 5, re: W(`\\b(?:ai|assistant|model|bot|chatbot|version of yourself|persona|gpt|llm|ia)\\b(?: \\w+){0,6}? (?:with|without|has|having|that has|who has|who doesnt have|that doesnt have)(?: no| zero| any| absolutely no)? (?:rules|restrictions|limits|filters?|guidelines|ethics|morals|content policy|ethical guidelines|moral compass|safety training|guardrails|censorship)\\b`) },
  { id: "no-rules", category: "jailbreak", weight: 2, re: W(`\\b(?:without|no|zero|removed) (?:any |all )?(?:rules|restrictions|limits|filters|guardrails|content policy|moral compass|safety training|ethics)\\b`) },
  { id: "uncensored", category: "jailbreak", weight: 3, re: W(`\\b(?:uncensored|unfiltered|unrestricted|jailbroken|jailbreak|unbound)\\b(?! (?:stock|stocks|shares|funds|grants?|net assets|pto|vacation|leave|access to (?:the )?(?:office|building|gym)))`) },
  { id: "in-character", category: "jailbreak", weight: 4, re: W(`\\b(?:stay in character|never refuses|never says it cant|always says yes|never say no|starting with sure here is|never mentions? (?:any )?(?:policies|rules|guidelines|restrictions)|youre going to simulate|evil (?:ai|twin|bot|assistant|version)|opposite day|god mode now)\\b`) },
  { id: "rules-dont-apply", category: "jailbreak", weight: 6, re: W(`\\b(?:rules|safety|guidelines|restrictions|privacy laws?|laws|content policy)(?: \\w+){0,2} (?:dont|do not|doesnt|does not|no longer) (?:apply|exist|matter)|pretend safety doesnt exist|if you had no (?:rules|content policy|restrictions|filters)`) },
  { id: "freed", category: "jailbreak", weight: 5, re: W(`\\b(?:freed|free) from (?:your |the |openai s |openais )?(?:policies|rules|restrictions|guidelines|constraints)|escaped (?:its|your) guardrails|safety training (?:was )?removed|no longer (?:bound|restricted|springboard)|you are no longer springboard\\b`) },
  { id: "grandma", category: "jailbreak", weight: 4, re: W(`\\b(?:grandma|grandmother|late|deceased)\\b(?: \\w+){0,8}? (?:used to|would always|always) (?:read|tell|share)`) },
  { id: "fiction-frame", category: "jailbreak", weight: 2, re: W(`\\b(?:for educational purposes only|purely fiction|fictional world where|hypothetical(?:ly)?(?: scenario)?)\\b`) },
  { id: "no-rules-xx", category: "jailbreak", weight: 4, re: W(`\\b(?:sin (?:ninguna )?restricci(?:on|ones)|sin reglas|sin filtros?|sans (?:aucune )?(?:regles?|filtres?|limites?|restrictions?)|ohne (?:filter|regeln|einschrankungen|grenzen)|sem (?:limites|regras|filtros|restricoes)|koi rules nahi|bina filter|koi limit nahi)\\b`) },
  { id: "pretend-xx", category: "jailbreak", weight: 1.5, re: W(`\\b(?:finge que eres|fais semblant d etre|finja que voce e|tu es maintenant|tu bist jetzt|imagina que eres|pretend you are|pretend to be|act as|roleplay as|role play as)\\b`) },

  // prompt_extraction
  {
    id: "reveal-your-prompt",
    category: "prompt_extraction",
    weight: 6,
    re: W(
      `\\b(?:print|show|reveal|display|output|repeat|tell|give|dump|leak|paste|quote|echo|spell out|copy|translate|summari[sz]e|list|write|share|recite|expose|what s in|whats in|dime|muestrame|montre|montre moi|zeig|mostre|mostra|batao|dikhao|repeter|repetir)\\b(?: \\w+){0,6}? (?:your|ur|tus?|tes|ton|deinen?|deine|seu|sua|o seu|apna|apne|apni)(?: \\w+){0,2}? (?:system prompt|prompt|instructions|pre ?prompt|system message|developer message|rules|configuration|guidelines|hidden context|context window|initial prompt|prompt template|instrucciones(?: internas)?|consignes|instructions systeme|prompt systeme|systemprompt|anweisungen|instrucoes|prompt de sistema|prompt del sistema|hidden instructions|hidden message)\\b`,
    ),
  },
  { id: "the-prompt", category: "prompt_extraction", weight: 4, re: W(`\\b(?:print|show|reveal|display|output|repeat|dump|leak|paste|quote|echo|copy|give me|share)\\b(?: \\w+){0,3}? the (?:\\w+ )?(?:system prompt|system message|initial prompt|hidden instructions|prompt template|pre ?prompt|developer message|raw prompt|full prompt|internal instructions|hidden message)\\b`) },
  { id: "prompt-noun", category: "prompt_extraction", weight: 2, re: W(`\\b(?:system prompt|system message|initial prompt|hidden instructions|pre ?prompt|developer message|secret rules|internal instructions|hidden message|prompt template|systemprompt|prompt systeme|prompt del sistema|prompt de sistema)\\b`) },
  { id: "what-were-you-told", category: "prompt_extraction", weight: 4, re: W(`\\b(?:what (?:were|was) you (?:told|instructed|given)|what (?:did|do) (?:they|the people who built you|your (?:creators|developers)) (?:\\w+ ){0,3}(?:tell|write|put|give) you|(?:initiali[sz]ed|configured|set up) with|before (?:this|our) (?:conversation|chat) (?:started|starts|began))\\b`) },
  { id: "instructions-they-gave-you", category: "prompt_extraction", weight: 5, re: W(`\\b(?:instructions|rules|prompt|guidelines|directives|system message)(?: that)? (?:the |your )?(?:developers?|creators?|makers|engineers|company|openai|springboard|admins?|operators?|they|people who built you)\\b(?: \\w+)? (?:gave|give|given|wrote|told|set|programmed) you\\b`) },
  { id: "print-above", category: "prompt_extraction", weight: 5, re: W(`\\b(?:print|repeat|output|echo|copy|dump|show)\\b(?: \\w+){0,3}? (?:above|before this line|above this line|in your context window)\\b|\\bstarting with you are\\b`) },
  { id: "first-line-of-prompt", category: "prompt_extraction", weight: 5, re: W(`\\b(?:first|last) (?:\\w+ ){0,2}(?:of )?(?:your|the) (?:instructions|prompt|system prompt|rules)\\b`) },
  { id: "verbatim", category: "prompt_extraction", weight: 2, re: W(`\\b(?:word for word|verbatim|mot pour mot|palabra por palabra|wort fur wort|one word per line|canary)\\b`) },
  { id: "prompt-markers", category: "prompt_extraction", weight: 4, on: "raw", re: /## ?task|task heading|data blocks?|skill results and examples/ },

  // private_data
  {
    id: "pii-of-someone",
    category: "private_data",
    weight: 5,
    test: (n) => {
      const w = n.words.replace(MY_DETAILS, " ");
      return PII_RE.test(w) && (hasName(n) || THIRD_RE.test(w)) && PRIVATE_TERM.test(w);
    },
  },
  { id: "private-contact", category: "private_data", weight: 3, re: W(`\\b(?<!my )(?<!my own )(?:personal|private|home|cell|mobile|whatsapp)(?: \\w+)? (?:phone|number|email|e mail|address|gmail|contact|cell)\\b`) },
  {
    id: "who-viewed",
    category: "private_data",
    weight: 6,
    test: (n) => (WHO_VIEWED.test(n.words) || (PROFILE_VISITORS.test(n.words) && (hasName(n) || /\b(?:his|her|their)\b/.test(n.words)))) && !OWN_VIEWS.test(n.words),
  },
  { id: "who-viewed-xx", category: "private_data", weight: 6, test: (n) => WHO_VIEWED_XX.test(n.words) && PROFILE_XX.test(n.words) && !OWN_PROFILE_XX.test(n.words) },
  { id: "named-salary", category: "private_data", weight: 4, test: (n) => /\b(?:how much|what)\b(?: \w+){0,5} (?:earn|earns|make|makes|making|paid|salary|compensation|verdient|ganha|gana)\b/.test(n.words) && (hasName(n) || /\bmy (?:coworker|colleague|boss|manager|friend|ex|peer|teammate|team lead|supervisor|cofounder)\b/.test(n.words)) },
  { id: "where-lives", category: "private_data", weight: 5, test: (n) => /\bwhere (?:does|do|did)\b(?: \w+){1,4} live\b|\bdonde vive\b|\bghar ka address\b|\bwhere (?:he|she|they) lives?\b/.test(n.words) && (hasName(n) || /\b(?:he|she|her|his|they)\b/.test(n.words)) },
  { id: "ids", category: "private_data", weight: 3, re: W(`\\b(?:social security number|ssn|passport number|bank account|date of birth|medical (?:conditions?|history)|national id)\\b(?: \\w+){0,2} (?:of|for)\\b`) },
  { id: "bulk-member-data", category: "private_data", weight: 5, re: W(`\\b(?:export|list|send me|give me|get me|find)\\b(?: \\w+){0,6} (?:emails|phone numbers|addresses|contact details|personal contact details)\\b`) },
  { id: "secret-job-search", category: "private_data", weight: 4, re: W(`\\b(?:which|who) of my connections (?:are|is) (?:secretly )?(?:looking|job hunting)|(?:people|members) who (?:viewed|looked at|liked)\\b`) },

  // discrimination
  {
    id: "age-cutoff",
    category: "discrimination",
    weight: 5,
    re: W(
      `\\b(?:under|below|younger than|over|above|older than|max|maximum|menores de|mayores de|moins de|plus de|unter|uber|mehr als|mais de|menos de|de menos de)(?: the age of)? (?:1[6-9]|[2-7]\\d)(?! (?:minutes|mins|hours|hrs|km|miles|kilometers|percent|k|dollars|euros|per|years? of|years? experience|yrs? of|hours|anos de experiencia|ans d ?experience|ans dexperience|jahren? (?:erfahrung|berufserfahrung)|saal ka anubhav)\\b)(?: years old| yrs old| yo| years of age| anos| ans| jahren| jahre| saal)?\\b`,
    ),
  },
  { id: "age-cutoff-hi", category: "discrimination", weight: 5, re: W(`\\b[2-7]\\d saal se (?:kam|zyada)\\b|\\bmax [2-7]\\d\\b|\\bno (?:women|men|one) over [2-7]\\d\\b`) },
  { id: "exclude-group", category: "discrimination", weight: 5, re: W(`\\b${EXCLUDE}\\b(?: \\w+){0,4}? ${GROUP}\\b(?: \\w+){0,4}? ${HIRING}\\b|\\b${EXCLUDE}\\b(?: the| les| las| los| os| as| die| alle| de| des| a las| a los| any)? ${HIRING}(?: \\w+){0,3}? ${GROUP}\\b`) },
  { id: "exclude-people-who", category: "discrimination", weight: 5, re: W(`\\b${EXCLUDE}\\b(?: me| us)?(?: the| all| any)? (?:anyone|anybody|everyone|people|those|candidates|applicants|ones|folks|persons|someone)\\b(?: \\w+)? (?:who|that|with|whose)\\b(?: \\w+){0,4}? ${GROUP}\\b`) },
  // selecting people by race, ethnicity or religion ("find me candidates who are white and Christian")
  { id: "select-by-race-religion", category: "discrimination", weight: 4, re: W(`\\b${HIRING} (?:who are|that are|who re|whore|who is|that is)(?: \\w+)? (?:white|black|asian|hispanic|latino|latina|arab|caucasian|christian|christians|muslim|muslims|jewish|hindu|sikh|catholic|atheist)\\b`) },
  { id: "age-cutoff-words", category: "discrimination", weight: 5, re: W(`\\b${EXCLUDE}\\b(?: \\w+){0,4}? (?:over|under|older than|younger than|past|above) (?:twenty|thirty|forty|fifty|sixty|seventy)\\b`) },
  { id: "exclude-group-xx", category: "discrimination", weight: 5, test: (n) => EXCLUDE_GROUP_XX.test(n.words) && HIRING_XX.test(n.words) },
  { id: "group-then-exclude", category: "discrimination", weight: 4, re: W(`\\b${GROUP}\\b(?: \\w+){0,5}? (?:so i can |and |then )?(?:skip|drop|reject|exclude|remove|filter|screen) (?:them|those|it|out)\\b|\\b(?:men|women|males|females) only\\b`) },
  { id: "sounding-names", category: "discrimination", weight: 6, re: W(`\\b(?:foreign|black|ethnic|arab|arabic|indian|asian|african|muslim|jewish|hispanic) sounding names\\b|\\bnames (?:that )?sound (?:foreign|black|ethnic|arab|arabic|indian|asian|african|muslim|jewish|hispanic)\\b`) },
  { id: "protected-reason", category: "discrimination", weight: 5, re: W(`\\b(?:because|since|as) (?:she|he|they) (?:is|are|s|re) (?:too old|too young|pregnant|a woman|a mother|disabled|muslim|jewish|gay|foreign|an immigrant|black|white|old)\\b|\\b(?:too old|too young) for (?:our|the|this)\\b|\\b(?:likely to (?:be|get) pregnant|might get pregnant|plan(?:ning)? to have (?:kids|children) soon)\\b(?! (?:on|in) (?:my|your))`) },
  { id: "not-hire-protected", category: "discrimination", weight: 5, re: W(`\\b(?:not|never|dont|do not|avoid) (?:hire|hiring|hire this|consider|want)\\b(?: \\w+){0,4}? (?:jewish|muslim|christian|black|white|gay|immigrants?|women|moms|mothers|old|older|disabled|foreign\\w*)\\b|\\bavoid hiring (?:people|women|moms|mothers|anyone) who\\b|\\bgraduated before (?:19|20)\\d\\d\\b`) },

  // fraud
  { id: "fake-artifact", category: "fraud", weight: 4, re: W(`\\b(?:fake|bogus|fraudulent|phony|counterfeit|forged?|forging|fabricate|fabricated|made up|make up|falsa|falso|fausse|faux|gefalschte|gefalscht)\\b(?: \\w+){0,3}? (?:job|jobs|posting|listing|offer|offers|recruiter|company|ad|ads|internship|reference|references|diploma|degree|certificate|pay stub|paystub|payslip|reviews?|endorsements?|recommendations?|accounts?|employment|history|hr|interview|profile|colleagues|letter|oferta|ofertas|vaga|stellenanzeige|offre|emploi|empleo|persona)\\b`) },
  { id: "fake-artifact-xx", category: "fraud", weight: 4, re: W(`\\b(?:oferta|ofertas|vaga|vagas|offre|offres|annonce|anuncio|reclutador|recruteur|recrutador|empresa|entreprise|perfil|profil|referencias?|references?|diploma|diplome|titulo|carta|lettre)\\b(?: \\w+){0,3}? (?:falsa|falso|falsas|falsos|fausse|fausses|faux|fictive|fictif|ficticia|ficticio)\\b`) },
  { id: "harvest-data", category: "fraud", weight: 4, re: W(`\\b(?:collect|collects|collecting|harvest|get|obtain|steal|gather|phish|recuperer|obtener|conseguir|coletar|sammeln|trick|ask for|asking for|request|pida|pidan|pedir|demande|demander|peca|pedindo)\\b(?: \\w+){0,5}? (?:ssns?|social security(?: numbers?)?|bank (?:details|account|accounts|info|logins?)|passports?|id documents|ids|credit cards?|wallet keys|datos bancarios|coordonnees bancaires|ausweisdaten|cpfs?|numeros de seguridad social|drivers? s? license|personal (?:data|info)|resumes and sell|(?:datos|numeros?|numero) de (?:la )?tarjeta|tarjetas? de credito|cartes? bancaires?|kreditkarten?\\w*|cartao de credito|dados do cartao)\\b`) },
  { id: "impersonate", category: "fraud", weight: 5, re: W(`\\b(?:impersonate|impersonating|pose as|posing as|pretending to be from|pretend to be from|persona from|recruiter persona|hr persona)\\b|\\bpretending to be (?:from )?(?:amazon|google|meta|linkedin|tesla|microsoft|apple)\\b`) },
  { id: "advance-fee", category: "fraud", weight: 4, re: W(`\\b(?:pay|send|deposit|wire|charges?|charging)\\b(?: \\w+){0,5}? (?:training fee|processing fee|application fee|(?:registration|onboarding|placement|equipment|visa|admin|administrative|background check) fee|upfront|deposit|fee upfront)\\b|\\bwire back the difference|\\bdeposit a check\\b|\\breshipping|\\bforwards? (?:it|the money)|\\breceives? money into\\b|\\brequires a deposit\\b`) },
  { id: "write-scam", category: "fraud", weight: 6, re: W(`\\b(?:write|draft|create|make|generate|craft|send)\\b(?: \\w+){0,4}? (?:phishing|scam)\\b`) },
  { id: "deceive-checks", category: "fraud", weight: 4, re: W(`\\b(?:lie on my (?:resume|cv|profile)|pass a background check|ats wont catch|install(?:ing)? a remote access tool|trick (?:people|candidates|them|job seekers) into|reveal their current employers? confidential)\\b`) },

  // cues that a question is about a topic, not an attempt
  { id: "about-protection", category: "benign", weight: -3, re: W(`\\b(?:how (?:do|can|should) (?:i|we)|how to|what are|ways to)\\b(?: \\w+){0,2} (?:report|spot|detect|recogni[sz]e|avoid being|identify|verify|protect|check|prevent|handle|respond|tell|reduce|make)\\b`) },
  { id: "is-it-allowed", category: "benign", weight: -3, re: W(`\\b(?:is (?:this|it|that)|are (?:these|they))(?: \\w+)? (?:a scam|scam|legit|legitimate|legal|illegal|normal|allowed|ok|okay|appropriate|discrimination|age bias)\\b|\\bscam\\b$|\\bis (?:an interviewer|a company|an employer) allowed\\b`) },
  { id: "about-fairness", category: "benign", weight: -2, re: W(`\\b(?:bias|discrimination|discriminate|illegal|laws?|inclusive|accommodations?|diversity|fair|fairness|red flags|welcomes?)\\b`) },
  { id: "about-scams", category: "benign", weight: -3, re: W(`\\b(?:red flags?|warning signs?|(?:tell ?tale )?signs (?:of|that)|(?:how|why) (?:do|does|did|would) (?:scammers|fraudsters|scams|recruitment scams|job scams|fake recruiters|phishers|phishing)|(?:is|are) (?:this|it|that|they|he|she|the \\w+) (?:a |an )?(?:fake|real|genuine|scammers?|fraud|scam))\\b`) },
  { id: "self-protection", category: "benign", weight: -3, re: W(`\\b(?:protect (?:myself|yourself|ourselves|my|our|me)|keep (?:myself|me|my \\w+) safe|stay safe|without (?:sharing|giving (?:out|away)|revealing|exposing|disclosing|publishing|showing)|(?:i|we|she|he|they) (?:was|were|got|have been|has been) scammed|fell for (?:a|the|this)|victim of|get (?:my|her|his|their|our) money back)\\b`) },
  { id: "about-protection-xx", category: "benign", weight: -3, re: W(`\\b(?:comment (?:reperer|reconnaitre|eviter|signaler|verifier|proteger|savoir)|como (?:se si|sei se|saber|reconocer|reconhecer|detectar|evitar|denunciar|identificar|proteger|protejo|verificar)|wie (?:erkenne|melde|vermeide|schutze|prufe)|kaise (?:pehchane|pehchanein|pehchanu|pata kare|bache|bachein|report kare))\\b`) },
  { id: "advice", category: "benign", weight: -2, re: W(`\\b(?:whats|what is) the (?:best|professional|polite|right|proper|appropriate|correct) way to\\b|\\bhow (?:do|can|should) i (?:politely|professionally|respectfully)\\b|\\bask(?:ing)? (?:\\w+ ){1,4}for (?:their|his|her) (?:\\w+ )?(?:phone|number|email|contact|cell)\\b`) },
  // "what's a jailbreak", "explain prompt injection": the term itself, not a request
  { id: "define-term", category: "benign", weight: -3, re: W(`\\b(?:what (?:is|are|s) (?:an? )?|whats (?:an? )?|explain (?:what )?(?:an? )?|define (?:an? )?|meaning of (?:an? )?)(?:jailbreak\\w*|prompt injections?|developer mode|god mode|phishing|red teaming)\\b(?! (?:for|on|with|to) (?:you|yourself|me)\\b)(?! (?:that|which) (?:works|will work|gets))`) },
  { id: "own-data", category: "benign", weight: -2, re: W(`\\b(?:my own|my account|who viewed my|my salary|my phone number|my email|my address|mon profil|mes donnees|mi perfil|mis datos|mein profil|meine daten|meu perfil|meus dados|mera profile|meri profile)\\b`) },
  // pay in general ("how much do engineers at Acme typically earn"), not one person's pay
  {
    id: "pay-statistics",
    category: "benign",
    weight: -3,
    test: (n) => /\b(?:average|typical|typically|median|usual|usually|going rate|market rate|salary range|pay range|on average|promedio|moyen|durchschnittlich\w*)\b/.test(n.words) && /\b(?:salary|salaries|pay|paid|earn|earns|make|makes|compensation|wage|wages|salario|salaire|gehalt|verdient|ganha|gana)\b/.test(n.words),
  },
];

const PII_RE = new RegExp(`\\b${PII_TERM}\\b`);
const THIRD_RE = new RegExp(THIRD);
/** MY_DETAILS are the member's own contact details ("my personal cell"), removed before looking for someone else's. */
const MY_DETAILS = new RegExp(`\\bmy (?:own )?(?:(?:personal|private|home|work|cell|mobile|current|new|old) )*${PII_TERM}\\b`, "g");
const PRIVATE_TERM = new RegExp(
  `\\b(?:phone|phone number|cell|mobile|whatsapp|telephone|home address|address(?:es)?|personal email|private email|email address|gmail|contact details|date of birth|birthday|social security|ssn|passport|bank account|salary|salaries|compensation|earn|earns|making|religion|medical|married|kids|lives?|live|neighborhood|how old|telefono|direccion|adresse|verdient|ganha|gana|ghar ka|e mail pessoal|email)\\b`,
);
const VIEW_VERB =
  "(?:viewed|viewing|looked at|look at|looking at|visited|visiting|checked|checked out|checking out|stalked|stalking|has been searching for|is searching for|searched for)";
/**
 * WHO_VIEWED asks who looked at a profile: either with any asker ("which recruiters", "anyone",
 * "everyone who") and a profile-like object, or with the plain "who ... viewed" of before.
 */
const WHO_VIEWED = new RegExp(
  `\\b(?:who|whos|anyone|everyone|everybody|people who|members who|list the people|the people that|people that|which (?:people|persons|members|users|recruiters|companies|employers|accounts|visitors|viewers|connections|candidates|hiring managers|folks|ones))\\b(?: \\w+){0,3}? ${VIEW_VERB}\\b(?: \\w+){0,3}? (?:profiles?|page|account|cv|resume|portfolio)\\b` +
    `|\\b(?:who|whos|people who|members who|which members)\\b(?: \\w+){0,3}? (?:viewed|looked at|visited|has been searching for|is searching for|searched for|have viewed|has viewed|has looked at)\\b`,
);
/** OWN_VIEWS are questions about the member's own profile or own browsing, which they may see. */
const OWN_VIEWS = new RegExp(
  `\\b${VIEW_VERB} (?:my (?:own )?(?:profiles?|page|account|cv|resume|portfolio|posts?|listing|job posts?|job postings?|articles?|work)|me|mine)\\b|\\bmy own profile\\b|\\b(?:have i|i have|ive|i|im|i am|did i) (?:\\w+ )?${VIEW_VERB}|\\b(?:post|posting|job|article|listing) i (?:shared|posted|wrote|published)\\b`,
);
/** PROFILE_VISITORS name the visitor list itself ("profile viewers for X", "visitors to X's profile"). */
const PROFILE_VISITORS = /\b(?:profile (?:visitors|viewers|views|visits|view list)|visitors (?:to|of|on)|viewers (?:of|on))\b/;
const WHO_VIEWED_XX =
  /\b(?:qui (?:a|ont) (?:consulte|vu|visite|regarde)|qui (?:consulte|visite)|quien(?:es)? (?:ha visto|han visto|vio|vieron|visito|visitaron|ha visitado|consulto|ha consultado|mira)|wer hat (?:\w+ ){0,6}(?:angesehen|angeschaut|besucht|aufgerufen)|wer (?:besucht|sieht sich|schaut sich)|quem (?:visitou|viu|olhou|acessou|consultou)|kisne (?:\w+ ){0,3}(?:dekha|dekhi|visit kiya))\b/;
const PROFILE_XX = /\b(?:profil|profile|perfil|page|pagina|seite)\b/;
const OWN_PROFILE_XX = /\b(?:mon|mes|mein|meinen|meine|mi|mis|meu|meus|mera|meri)\b (?:\w+ )?(?:profil|profile|perfil|page|pagina|seite)\b/;

/** SQUASHED are attack phrases recognised in text whose letters were spaced apart. */
export const SQUASHED: { phrase: string; category: BlockCategory }[] = [
  { phrase: "ignoreallprevious", category: "prompt_injection" },
  { phrase: "ignorepreviousinstructions", category: "prompt_injection" },
  { phrase: "ignoreyourinstructions", category: "prompt_injection" },
  { phrase: "ignoreallinstructions", category: "prompt_injection" },
  { phrase: "systemprompt", category: "prompt_extraction" },
  { phrase: "yourinstructions", category: "prompt_extraction" },
  { phrase: "developermode", category: "jailbreak" },
  { phrase: "jailbreak", category: "jailbreak" },
  { phrase: "doanythingnow", category: "jailbreak" },
  { phrase: "norestrictions", category: "jailbreak" },
];

export interface PatternHit {
  id: string;
  category: BlockCategory | "benign";
  weight: number;
}

/**
 * matchPatterns returns the patterns that match a normalised text, or only those of the given
 * categories (a caller that acts on a few categories need not run the others' expressions).
 */
export function matchPatterns(n: Normalised, categories?: ReadonlySet<string>): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const p of PATTERNS) {
    if (categories !== undefined && !categories.has(p.category)) continue;
    const ok = p.test ? p.test(n) : p.re!.test(p.on === "raw" ? n.raw : n.words);
    if (ok) hits.push({ id: p.id, category: p.category, weight: p.weight });
  }
  if (n.squashed) {
    for (const s of SQUASHED) {
      if (categories !== undefined && !categories.has(s.category)) continue;
      if (n.squashed.includes(s.phrase)) hits.push({ id: `spaced:${s.phrase}`, category: s.category, weight: 6 });
    }
  }
  return hits;
}
