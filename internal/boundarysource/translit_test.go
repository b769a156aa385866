package boundarysource

import "testing"

func TestRomanize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"зг is written zgh", "Згурівська", "Zghurivska"},
		{"зг inside a word is zgh too", "Розгонівська", "Rozghonivska"},
		{"є at the start is Ye", "Єнакіївська", "Yenakiivska"},
		{"ї at the start is Yi and inside i", "Їжакевичі", "Yizhakevychi"},
		{"й at the start is Y and at the end i", "Йосипівка Стрий", "Yosypivka Stryi"},
		{"ю and я at the start and inside", "Юріївка Яготинська Бирюківська", "Yuriivka Yahotynska Byriukivska"},
		{"the soft sign is dropped", "Львівська", "Lvivska"},
		{"the apostrophe is dropped and what follows is inside the word", "Мар’їнська Знам'янська", "Marinska Znamianska"},
		{"a hyphen starts a new word", "Івано-Франківська", "Ivano-Frankivska"},
		{"щ keeps its capital", "Щастинська", "Shchastynska"},
		{"kh, ts, ch, zh", "Херсонська Царичанська Чигиринська Житомирська", "Khersonska Tsarychanska Chyhyrynska Zhytomyrska"},
		{"ґ is g, г is h", "Ґалаґаївка Гадяцька", "Galagaivka Hadiatska"},
		{"cities of special status", "Київ Севастополь", "Kyiv Sevastopol"},
		{"surrounding space is trimmed", " Агрономічна ", "Ahronomichna"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Romanize(tt.in); got != tt.want {
				t.Errorf("Romanize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"the hromada type words go", "Агрономічна сільська громада", "агрономічна"},
		{"територіальна громада goes too", "Авдіївська територіальна громада", "авдіївська"},
		{"район goes", "Вінницький район", "вінницький"},
		{"область goes", "Донецька область", "донецька"},
		{"apostrophes are unified", "Знам'янська міська громада", "знамʼянська"},
		{"typographic apostrophe", "Знам’янська", "знамʼянська"},
		{"spaces are collapsed", "  Автономна   Республіка Крим ", "автономна республіка крим"},
		{"a name that is only a type word stays", "міська громада", "міська громада"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normName(tt.in); got != tt.want {
				t.Errorf("normName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestISO3166(t *testing.T) {
	for pcode, want := range map[string]string{"UA05": "UA-05", "UA01": "UA-43", "UA44": "UA-09", "UA73": "UA-77", "UA80": "UA-30", "UA85": "UA-40"} {
		if got := iso3166(pcode); got != want {
			t.Errorf("iso3166(%s) = %s, want %s", pcode, got, want)
		}
	}
}
