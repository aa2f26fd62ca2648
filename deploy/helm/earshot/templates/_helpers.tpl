{{/* The release's resources are all named this: the release name, with the chart's unless it already says it. */}}
{{- define "earshot.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "earshot.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "earshot.labels" -}}
{{ include "earshot.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The Secret holding the API keys: the operator's, or the chart's own made from apiKeys.keys. */}}
{{- define "earshot.apiKeysSecret" -}}
{{- if .Values.apiKeys.existingSecret -}}
{{- .Values.apiKeys.existingSecret -}}
{{- else if .Values.apiKeys.keys -}}
{{- printf "%s-api-keys" (include "earshot.fullname" .) -}}
{{- else -}}
{{- fail "apiKeys: set apiKeys.existingSecret (a Secret with one key per line) or apiKeys.keys; without either each pod would make a key of its own that no client knows" -}}
{{- end -}}
{{- end -}}

{{/* terminationGracePeriodSeconds: preStop sleep, then the drain, then the margin for Close frames and exit. */}}
{{- define "earshot.gracePeriodSeconds" -}}
{{- add .Values.lifecycle.preStopSleepSeconds .Values.server.drainPeriodSeconds .Values.lifecycle.shutdownMarginSeconds -}}
{{- end -}}
