{{/*
springboard.topology is who calls whom: every *_ADDR variable and every NetworkPolicy comes from it.
It mirrors what each services/<name>/src/main.ts reads; deploy/src/topology.ts says the same and a
test compares the two.
*/}}
{{- define "springboard.topology" -}}
gateway: {calls: [router, agent, member-graph], redis: true}
router: {calls: [generation]}
agent: {calls: [generation, skill-registry, retrieval, member-graph]}
skill-registry: {calls: [member-graph, retrieval], redis: true}
retrieval: {calls: [], redis: true}
generation: {calls: [], llm: true}
member-graph: {calls: []}
llm-sim: {calls: []}
{{- end }}

{{- define "springboard.chart" -}}
{{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* springboard.selectorLabels: call with (list $ "gateway"). */}}
{{- define "springboard.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}

{{/* springboard.labels: call with (list $ "gateway"). */}}
{{- define "springboard.labels" -}}
{{- $root := index . 0 -}}
{{ include "springboard.selectorLabels" . }}
app.kubernetes.io/component: {{ index . 1 }}
app.kubernetes.io/part-of: springboard
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ include "springboard.chart" $root }}
{{- end }}

{{/* springboard.partOfSelector selects every pod of the release. */}}
{{- define "springboard.partOfSelector" -}}
app.kubernetes.io/part-of: springboard
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* springboard.deployed is "true" when a service runs in the cluster: call with (list $ "llm-sim"). */}}
{{- define "springboard.deployed" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $svc := index $root.Values.services $name -}}
{{- if and $svc.enabled (or (ne $name "llm-sim") (not $root.Values.llm.external.baseUrl)) }}true{{ end }}
{{- end }}

{{- define "springboard.serviceAccountName" -}}
{{ .Values.serviceAccount.name }}
{{- end }}

{{- define "springboard.terminationGracePeriodSeconds" -}}
{{ add (div (int .Values.shutdown.graceMs) 1000) (int .Values.shutdown.preStopSleepSeconds) 10 }}
{{- end }}

{{- define "springboard.redisUrl" -}}
{{- if .Values.redis.external.url }}{{ .Values.redis.external.url }}{{ else }}{{ printf "redis://redis:%d" (int .Values.redis.port) }}{{ end }}
{{- end }}

{{- define "springboard.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .Values.securityContext.readOnlyRootFilesystem }}
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* springboard.env is a service's environment: call with (list $ "gateway"). */}}
{{- define "springboard.env" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $svc := index $root.Values.services $name -}}
{{- $node := get (include "springboard.topology" $root | fromYaml) $name -}}
- name: PORT
  value: {{ $svc.port | int | quote }}
- name: SHUTDOWN_GRACE_MS
  value: {{ $root.Values.shutdown.graceMs | int | quote }}
- name: LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
{{- range $callee := $node.calls }}
- name: {{ printf "%s_ADDR" (upper (replace "-" "_" $callee)) }}
  value: {{ printf "%s:%d" $callee (int (index $root.Values.services $callee).port) | quote }}
{{- end }}
{{- if $node.redis }}
- name: REDIS_URL
{{- if $root.Values.redis.external.urlSecret.name }}
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.redis.external.urlSecret.name }}
      key: {{ $root.Values.redis.external.urlSecret.key }}
{{- else }}
  value: {{ include "springboard.redisUrl" $root | quote }}
{{- end }}
{{- end }}
{{- if $node.llm }}
{{- if $root.Values.llm.external.baseUrl }}
- name: LLM_BASE_URL
  value: {{ $root.Values.llm.external.baseUrl | quote }}
- name: LLM_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.llm.external.apiKeySecret.name }}
      key: {{ $root.Values.llm.external.apiKeySecret.key }}
{{- else }}
- name: LLM_BASE_URL
  value: {{ printf "http://llm-sim:%d/v1" (int (index $root.Values.services "llm-sim").port) | quote }}
- name: LLM_API_KEY
  value: sk-local
{{- end }}
{{- end }}
{{- if and (hasKey $svc "snapshots") $svc.snapshots.enabled }}
- name: RETRIEVAL_SNAPSHOT_DIR
  value: /var/lib/springboard/snapshots
{{- end }}
{{- range $key, $value := $svc.env }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* springboard.grpcProbe: call with (list $ port "readiness"). */}}
{{- define "springboard.grpcProbe" -}}
{{- $root := index . 0 -}}
{{- $probe := index $root.Values.probes (index . 2) -}}
grpc:
  port: {{ index . 1 | int }}
periodSeconds: {{ $probe.periodSeconds }}
failureThreshold: {{ $probe.failureThreshold }}
timeoutSeconds: 2
{{- end }}
